// Helm charts a command read without rendering them: every output says so per chart
// (NP0010 and its counts), so a chart never passes for "0 files".
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chartNotRenderedDiagnostic, chartNotRenderedMessage, chartSummaries, type ChartSummary } from '../engine/chartSummaries';
import { byPosition } from '../engine/diagnosticCodes';
import { CHART_FILE_NAME } from '../engine/helmCharts';
import type { Workspace } from '../engine/workspace';
import { chartDisplayPath, type FileResult } from './analyseFile';

/** Why the CLI leaves a chart unrendered: the one place these words live. */
export const CHART_NOT_RENDERED_REASON = 'helm rendering is not available: pass --helm CHART to render it';

export interface UnrenderedChart {
  summary: ChartSummary;
  /** The chart folder, as the paths given spell it. */
  path: string;
  /** Its Chart.yaml, spelled the same way. */
  chartFile: string;
  /** Its templates that were read, spelled the same way. */
  templateFiles: string[];
  reason: string;
  /** The NP0010 message. */
  message: string;
}

/**
 * The charts among the files given (`displayPaths`: file URI -> the path as written), with
 * their counts: a chart whose Chart.yaml or one of whose templates was given. Charts known
 * only from stand-ins (--extra) are not reported on. `rendered`: chart folder URIs rendered.
 */
export function unrenderedCharts(
  workspace: Workspace,
  displayPaths: ReadonlyMap<string, string>,
  /** Why the charts were not rendered: one reason for all, or per chart folder URI (helm's error for one chart). */
  reason: string | ((chartUri: string) => string) = CHART_NOT_RENDERED_REASON,
  rendered?: ReadonlySet<string>,
): UnrenderedChart[] {
  return chartSummaries(workspace, rendered).flatMap((summary) => {
    const given = [summary.chartFileUri, ...summary.templateFiles].find((uri) => displayPaths.has(uri));
    if (given === undefined) return [];
    const path = chartDisplayPath(displayPaths.get(given)!, given, summary.chartUri);
    const why = typeof reason === 'string' ? reason : reason(summary.chartUri);
    return [
      {
        summary,
        path,
        chartFile: displayPaths.get(summary.chartFileUri) ?? join(path, CHART_FILE_NAME),
        templateFiles: summary.templateFiles.map((uri) => displayPaths.get(uri) ?? fileURLToPath(uri)),
        reason: why,
        message: chartNotRenderedMessage(summary, why),
      },
    ];
  });
}

/** File URI -> the path as written, of the files `check` collected. */
export function displayPathsOf(results: readonly FileResult[]): Map<string, string> {
  return new Map(results.map((result) => [pathToFileURL(result.file.absolutePath).href, result.file.displayPath]));
}

/** NP0010 on the Chart.yaml of each chart, when that file is among the results (`check chart/`). */
export function addChartDiagnostics(results: readonly FileResult[], charts: readonly UnrenderedChart[]): void {
  const byChartFile = new Map(charts.map((chart) => [chart.summary.chartFileUri, chart]));
  for (const result of results) {
    const chart = byChartFile.get(pathToFileURL(result.file.absolutePath).href);
    if (!chart || result.notAnalysed) continue;
    result.diagnostics.push(chartNotRenderedDiagnostic(chart.summary, chart.reason));
    result.diagnostics.sort(byPosition);
  }
}
