// What a Helm chart that was not rendered leaves out of the analysis, so that no output
// passes a chart off as "0 files": its templates are counted by the kinds they declare,
// and NP0010 on its Chart.yaml says how many NetworkPolicies and workloads are not seen.
// The counts come from the templates' text, a line scan: a template is not YAML before
// Helm renders it (helmCharts.ts).
import { makeDiagnostic } from './diagnosticCodes';
import { CHART_FILE_NAME, chartFolderOf, chartNameOf } from './helmCharts';
import { decodeUri } from './kustomizations';
import { compareStrings } from './selectors';
import type { EngineDiagnostic, Range } from './types';
import type { Workspace } from './workspace';

export interface ChartSummary {
  /** The chart folder URI. */
  chartUri: string;
  /** Its Chart.yaml URI, where NP0010 is reported. */
  chartFileUri: string;
  /** False when the workspace knows the chart only from templates (the CLI given templates without their chart). */
  chartFileRead: boolean;
  /** `name:` of Chart.yaml; the folder's name when Chart.yaml was not read or names none. */
  name: string;
  /** `kind: NetworkPolicy` lines in the chart's templates. */
  networkPolicyTemplates: number;
  /** `kind:` lines of a workload kind (Pod, Deployment, StatefulSet, ...) in the chart's templates. */
  workloadTemplates: number;
  /** URIs of the chart's templates the workspace read (partials and NOTES.txt aside), sorted. */
  templateFiles: string[];
  /** The first line of Chart.yaml: where NP0010 stands. */
  range: Range;
}

/** The kinds whose pods NetworkPolicies select (the workloads the index reads, contributions.ts). */
const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
]);

/**
 * A document's own `kind:` starts a line: in a template it stays at column 0 inside
 * `{{- if }}` / `{{- range }}` blocks. Indented `kind:` lines belong to nested references
 * (an HPA's `scaleTargetRef`, `ownerReferences`, a RoleBinding's `roleRef`) and are not
 * objects; `- kind:` (RoleBinding subjects) neither.
 */
const KIND_LINE = /^kind:[ \t]*["']?([A-Za-z0-9]+)/gm;

/** The kinds declared in a template's text, one per `kind:` line, in order. */
export function templateKinds(text: string): string[] {
  return [...text.matchAll(KIND_LINE)].map((match) => match[1]);
}

/**
 * Every Helm chart of the workspace, except those the caller rendered (`rendered`: chart
 * folder URIs), with the count of the templates it leaves out. A chart is known from its
 * Chart.yaml, or from templates the workspace places in it (WorkspaceOptions.helmCharts).
 * A subchart's templates (`charts/x/templates/`) count for the subchart. Sorted by folder.
 */
export function chartSummaries(workspace: Workspace, renderedByCaller: ReadonlySet<string> = new Set()): ChartSummary[] {
  // A chart with a helm build in the workspace is rendered, or its failure is said (NP0009) on the same Chart.yaml.
  const helmBuilds = workspace.renderedBuilds().filter((build) => build.tool === 'helm');
  const rendered = new Set([...renderedByCaller, ...helmBuilds.flatMap((build) => chartFolderOf(build.anchorUri) ?? [])]);
  const charts = new Map<string, ChartSummary>();
  const chartOf = (chartUri: string): ChartSummary => {
    let summary = charts.get(chartUri);
    if (!summary) {
      summary = {
        chartUri,
        chartFileUri: `${chartUri}/${CHART_FILE_NAME}`,
        chartFileRead: false,
        name: decodeUri(chartUri.slice(chartUri.lastIndexOf('/') + 1)),
        networkPolicyTemplates: 0,
        workloadTemplates: 0,
        templateFiles: [],
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      };
      charts.set(chartUri, summary);
    }
    return summary;
  };
  for (const uri of workspace.uris()) {
    const chartFolder = chartFolderOf(uri);
    const manifest = workspace.manifest(uri);
    if (!manifest) continue;
    if (chartFolder !== undefined) {
      if (rendered.has(chartFolder)) continue;
      const summary = chartOf(chartFolder);
      const text = manifest.source.text;
      summary.chartFileRead = true;
      summary.name = chartNameOf(text) ?? summary.name;
      const firstLineEnd = /\r|\n/.exec(text)?.index ?? text.length;
      summary.range = manifest.source.rangeOf(0, firstLineEnd);
      continue;
    }
    const chart = manifest.template?.kind === 'helm-chart' ? manifest.template.chart : undefined;
    if (chart === undefined || rendered.has(chart) || !rendersObjects(uri)) continue;
    const summary = chartOf(chart);
    summary.templateFiles.push(uri);
    for (const kind of templateKinds(manifest.source.text)) {
      if (kind === 'NetworkPolicy') summary.networkPolicyTemplates++;
      else if (WORKLOAD_KINDS.has(kind)) summary.workloadTemplates++;
    }
  }
  return [...charts.values()].sort((a, b) => compareStrings(a.chartUri, b.chartUri));
}

/**
 * Helm installs no object from partials (`_`-prefixed files, e.g. _helpers.tpl) and prints
 * templates/NOTES.txt instead of installing it
 * (helm.sh/docs/chart_template_guide/named_templates/#partials-and-_-files,
 * helm.sh/docs/chart_template_guide/notes_files/).
 */
function rendersObjects(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  return !name.startsWith('_') && name !== 'NOTES.txt';
}

/**
 * NP0010 on the chart's Chart.yaml. `reason` says why it was not rendered and what to do,
 * in the words of the caller (helm not found, rendering off, untrusted workspace, helm's
 * own error...).
 */
export function chartNotRenderedDiagnostic(summary: ChartSummary, reason: string): EngineDiagnostic {
  return makeDiagnostic('NP0010', summary.range, chartNotRenderedMessage(summary, reason));
}

/** `Helm chart web not rendered (reason): 1 NetworkPolicy template and 2 workload templates in templates/ are not analysed.` */
export function chartNotRenderedMessage(summary: ChartSummary, reason: string): string {
  return `Helm chart ${summary.name} not rendered (${reason}): ${unanalysedTemplates(summary)}.`;
}

/** `1 NetworkPolicy template and 2 workload templates in templates/ are not analysed`, or that none are. */
function unanalysedTemplates(summary: Pick<ChartSummary, 'networkPolicyTemplates' | 'workloadTemplates'>): string {
  const { networkPolicyTemplates: policies, workloadTemplates: workloads } = summary;
  if (policies === 0 && workloads === 0) return 'its templates/ declare no NetworkPolicy and no workload';
  const counted = `${plural(policies, 'NetworkPolicy template')} and ${plural(workloads, 'workload template')}`;
  return `${counted} in templates/ are not analysed`;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
