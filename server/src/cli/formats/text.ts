// Compiler-style output: `path:line:col: severity CODE message` on stdout, one summary line for stderr.
import { join } from 'node:path';
import type { Severity } from '../../engine/types';
import type { FileResult } from '../analyseFile';
import { describeNotAnalysed, MANIFEST_FILE_KINDS } from '../notAnalysed';
import type { Paint } from '../terminal';
import type { UnrenderedChart } from '../unrenderedCharts';
import { oneBased } from './positions';

export function formatText(results: readonly FileResult[], paint: Paint): string {
  const lines: string[] = [];
  for (const result of results) {
    // A file skipped as not text is announced on stderr (formatNotAnalysed); it is counted in the summary.
    if (result.notAnalysed?.reason === 'not-text') continue;
    for (const diagnostic of result.diagnostics) {
      const { line, column } = oneBased(diagnostic.range);
      lines.push(
        `${paint.bold(`${result.file.displayPath}:${line}:${column}:`)} ${paintSeverity(diagnostic.severity, paint)} ${paint.dim(diagnostic.code)} ${diagnostic.message}\n`,
      );
    }
  }
  return lines.join('');
}

/**
 * `3 errors, 2 warnings in 5 files (12 analysed, 35 not analysed)`; information and hints are named
 * only when there are some, files not analysed only when there are some, Helm charts not
 * rendered only when there are some (`; 1 Helm chart not rendered (1 NetworkPolicy and 2 workload templates not analysed)`).
 */
export function formatSummary(results: readonly FileResult[], paint: Paint, charts: readonly UnrenderedChart[] = []): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let filesWithDiagnostics = 0;
  for (const result of results) {
    for (const diagnostic of result.diagnostics) counts[diagnostic.severity]++;
    if (result.diagnostics.length > 0) filesWithDiagnostics++;
  }
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.information > 0) parts.push(`${counts.information} information`);
  if (counts.hint > 0) parts.push(plural(counts.hint, 'hint'));
  const notAnalysed = results.filter((result) => result.notAnalysed).length;
  const files = `${results.length - notAnalysed} analysed${notAnalysed > 0 ? `, ${notAnalysed} not analysed` : ''}`;
  const text = `${parts.join(', ')} in ${plural(filesWithDiagnostics, 'file')} (${files})${chartsSummary(charts)}`;
  return `${counts.error > 0 ? paint.red(text) : counts.warning > 0 ? paint.yellow(text) : text}\n`;
}

/**
 * The stderr notices of the files not analysed, in every format: one line per file, one per
 * Helm chart for its templates. Files too large or unreadable are left to their diagnostic
 * (NP0002, NP0006), which names them and the reason already.
 */
export function formatNotAnalysed(results: readonly FileResult[]): string {
  const lines: string[] = [];
  const charts = new Map<string, { line: number; count: number }>();
  for (const { file, notAnalysed } of results) {
    if (!notAnalysed || notAnalysed.reason === 'too-large' || notAnalysed.reason === 'unreadable') continue;
    if (notAnalysed.reason === 'helm-template') {
      const chart = charts.get(notAnalysed.chart);
      if (chart) chart.count++;
      else charts.set(notAnalysed.chart, { line: lines.push('') - 1, count: 1 });
      continue;
    }
    lines.push(`netpol: not analysed: ${file.displayPath}: ${describeNotAnalysed(notAnalysed)}\n`);
  }
  for (const [chart, { line, count }] of charts)
    lines[line] =
      `netpol: not analysed: ${plural(count, 'Helm template')} (${join(chart, 'templates')}): render the chart (helm template) and check the output\n`;
  return lines.join('');
}

function chartsSummary(charts: readonly UnrenderedChart[]): string {
  if (charts.length === 0) return '';
  const policies = charts.reduce((sum, chart) => sum + chart.summary.networkPolicyTemplates, 0);
  const workloads = charts.reduce((sum, chart) => sum + chart.summary.workloadTemplates, 0);
  const verb = charts.length === 1 ? 'Helm chart' : 'Helm charts';
  return `; ${charts.length} ${verb} not rendered (${policies} NetworkPolicy and ${plural(workloads, 'workload template')} not analysed)`;
}

/** One stderr line per Helm chart not rendered: its Chart.yaml and the NP0010 message. */
export function formatChartNotices(charts: readonly UnrenderedChart[]): string {
  return charts.map((chart) => `netpol: ${chart.chartFile}: ${chart.message}\n`).join('');
}

/**
 * When no file at all was analysed, a line that says so, in every format: a run that read
 * nothing must not pass for a clean one. Empty otherwise.
 */
export function formatNothingAnalysed(results: readonly FileResult[]): string {
  if (results.length === 0) return `netpol: nothing analysed: no ${MANIFEST_FILE_KINDS} file in the paths given\n`;
  if (results.some((result) => !result.notAnalysed)) return '';
  return `netpol: nothing analysed: none of the ${plural(results.length, 'file')} collected could be analysed\n`;
}

function paintSeverity(severity: Severity, paint: Paint): string {
  switch (severity) {
    case 'error':
      return paint.red(severity);
    case 'warning':
      return paint.yellow(severity);
    default:
      return paint.cyan(severity);
  }
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
