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
  const verdict =
    target === undefined ? '' : value <= target ? `  ≤ ${target} ${unit} ✓` : `  > ${target} ${unit} ✗ (target missed)`;
  return `  ${name.padEnd(44)} ${shown.padStart(10)}${verdict}`;
}

/** One result line for a distribution: p50 and p95 of `samples`; the target, if any, applies to p95. */
export function reportDistribution(name: string, samples: readonly number[], p95Target?: number): string {
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  const verdict =
    p95Target === undefined ? '' : p95 <= p95Target ? `  p95 ≤ ${p95Target} ms ✓` : `  p95 > ${p95Target} ms ✗ (target missed)`;
  return `  ${name.padEnd(50)} ${`p50 ${fmt(p50)}`.padStart(12)} ${`p95 ${fmt(p95)}`.padStart(12)}  (n=${samples.length})${verdict}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
