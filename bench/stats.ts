// Small helpers shared by the benchmarks: timing, percentiles, machine facts.
import * as os from 'node:os';

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export function time<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

export const rssMb = (): number => Math.round(process.memoryUsage().rss / (1024 * 1024));

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
}

export const fmt = (ms: number): string => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(2)} ms`);

/** One result line: `name  value  (target)`, and whether it met the target. */
export function report(name: string, value: number, target?: number, unit: 'ms' | 'MB' = 'ms'): string {
  const shown = unit === 'ms' ? fmt(value) : `${value} MB`;
  const verdict = target === undefined ? '' : value <= target ? `  ≤ ${target} ${unit} ✓` : `  > ${target} ${unit} ✗ (target missed)`;
  return `  ${name.padEnd(44)} ${shown.padStart(10)}${verdict}`;
}
