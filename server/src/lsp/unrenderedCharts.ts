// Helm charts the server did not render: NP0010 on an open Chart.yaml, and their entries in
// the Reachability view (`unrenderedCharts` of netpol/workloads). Which charts are rendered,
// and why the others are not, is told by whoever renders: a ChartRendering.
import { chartNotRenderedDiagnostic, chartSummaries, type ChartSummary } from '../engine/chartSummaries';
import { chartFolderOf } from '../engine/helmCharts';
import type { EngineDiagnostic } from '../engine/types';
import type { Workspace } from '../engine/workspace';
import type { UnrenderedChart } from '../protocol';

export interface ChartRendering {
  /** Folder URIs of the charts rendered: their objects are in the analysis. */
  rendered: ReadonlySet<string>;
  /** Why a chart (folder URI) was not rendered, and what to do about it. */
  reasonFor(chartUri: string): string;
}

export const HELM_NOT_FOUND_REASON = 'helm was not found: install helm or set netpol.helm.command';

/** No chart is rendered: helm is not run. */
export const NO_CHART_RENDERED: ChartRendering = { rendered: new Set(), reasonFor: () => HELM_NOT_FOUND_REASON };

/** The summaries of a workspace's charts, once per version: the diagnostics and the view ask after every change. */
const summariesCache = new WeakMap<Workspace, { version: number; summaries: ChartSummary[] }>();

function summariesOf(workspace: Workspace, rendering: ChartRendering): ChartSummary[] {
  let cached = summariesCache.get(workspace);
  if (cached?.version !== workspace.version) {
    cached = { version: workspace.version, summaries: chartSummaries(workspace) };
    summariesCache.set(workspace, cached);
  }
  return cached.summaries.filter((summary) => !rendering.rendered.has(summary.chartUri));
}

/** NP0010 for a Chart.yaml (`uri`) whose chart was not rendered; nothing for any other file. */
export function chartDiagnostics(uri: string, workspace: Workspace, rendering: ChartRendering): EngineDiagnostic[] {
  if (chartFolderOf(uri) === undefined) return [];
  const summary = summariesOf(workspace, rendering).find((candidate) => candidate.chartFileUri === uri);
  return summary ? [chartNotRenderedDiagnostic(summary, rendering.reasonFor(summary.chartUri))] : [];
}

/** The view's entries for the charts not rendered. */
export function unrenderedChartsOf(workspace: Workspace, rendering: ChartRendering): UnrenderedChart[] {
  return summariesOf(workspace, rendering).map((summary) => ({
    chart: summary.name,
    uri: summary.chartFileUri,
    networkPolicyTemplates: summary.networkPolicyTemplates,
    workloadTemplates: summary.workloadTemplates,
    reason: rendering.reasonFor(summary.chartUri),
  }));
}
