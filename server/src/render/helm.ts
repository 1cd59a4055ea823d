// `helm template`: what `helm install` would create, each document marked `# Source: <chart>/<path>`
// (the chart's name, then the template's path inside the chart), so origins resolve against the
// chart folder once their first segment is dropped (engine/renderedBuilds.ts).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { RenderLimits } from './limits';
import type { RenderOutcome } from './outcome';
import { exitStatusText, notStartedText, stoppedRunText } from './runMessages';
import { runTool, type ToolRun } from './runTool';
import { toolErrorText } from './toolMessages';

export interface HelmRelease {
  /** Absolute path of the chart folder (the one holding Chart.yaml). */
  chartFolder: string;
  releaseName: string;
  namespace: string;
  /** Absolute paths, applied in order (later files win, as with `helm template -f a -f b`). */
  valuesFiles: readonly string[];
}

export async function renderHelmChart(
  release: HelmRelease,
  command: readonly string[],
  limits: RenderLimits,
  signal?: AbortSignal,
  /** How messages name the build: the chart as the user knows it. */
  label = `helm template ${release.releaseName} ${resolve(release.chartFolder)}`,
): Promise<RenderOutcome> {
  const started = performance.now();
  const chart = resolve(release.chartFolder);
  const failed = (message: string): RenderOutcome => ({ ok: false, message, durationMs: performance.now() - started });
  if (command.length === 0) return failed(`${label} was not run: the helm command is empty.`);
  const chartStat = await stat(chart).catch(() => undefined);
  if (chartStat === undefined) return failed(`${label} failed: ${chart} does not exist`);
  if (!chartStat.isDirectory()) return failed(`${label} failed: ${chart} is not a folder`);

  const argv = [
    ...command,
    'template',
    release.releaseName,
    chart,
    '--namespace',
    release.namespace,
    ...release.valuesFiles.flatMap((file) => ['-f', resolve(file)]),
  ];
  const run = await runTool(argv, limits, signal);
  const durationMs = performance.now() - started;
  if (run.kind === 'exited' && run.code === 0) {
    return { ok: true, output: run.stdout, originBase: pathToFileURL(chart).href, durationMs };
  }
  return { ok: false, message: failureMessage(run, label, chart, limits, command), durationMs };
}

function failureMessage(run: ToolRun, label: string, chart: string, limits: RenderLimits, command: readonly string[]): string {
  switch (run.kind) {
    case 'timeout':
    case 'tooMuchOutput':
    case 'cancelled':
      return stoppedRunText(run.kind, label, limits);
    case 'notStarted':
      return `helm cannot run: ${notStartedText(run.error, command[0] ?? '')}. Install helm (helm.sh/docs/intro/install), or set netpol.helm.command (CLI: --helm-command) to its path.`;
    case 'exited': {
      const reason = toolErrorText(run.stderr);
      // helm's own advice names no chart; say which one, so the command can be pasted.
      if (/helm dependency build|missing in charts\/ directory/i.test(reason)) {
        const missing = /missing in charts\/ directory: (.+)$/m.exec(reason)?.[1]?.trim();
        return `${label} failed: the chart's dependencies${missing ? ` (${missing})` : ''} are not in its charts/ folder; run \`helm dependency build ${chart}\` and render again.`;
      }
      const status = exitStatusText(run.code, run.signal);
      return reason === '' ? `${label} failed: ${command.join(' ')} ${status}` : `${label} failed: ${reason}`;
    }
  }
}
