// The reachability tree as plain data, built from `netpol/workloads` and
// `netpol/reachability` answers. No `vscode` here: the tree provider only turns
// these nodes into TreeItems, so everything a person sees is decided (and tested) here.
//
//   Namespace -> Workload -> "Can reach" / "Reachable from" -> peer -> reason
//   "Left out of the analysis" -> policy, Helm chart not rendered
import type {
  Connection,
  LeftOutPolicy,
  NamespacesRequest,
  Reason,
  ReachabilityRequest,
  SourceRef,
  UnrenderedChart,
  WorkloadSummary,
  WorkloadsRequest,
} from '../../../server/src/protocol';
import { parseWorkloadRef } from '../../../server/src/engine/workloadRef';
import { escapeMarkdown, fileName, inlineCode, locationLabel, locationLink, type FileNamer } from './sourceLinks';

export type NodeRole = 'namespace' | 'workload' | 'direction' | 'peer' | 'reason' | 'leftOutGroup' | 'leftOut';
export type Collapsible = 'none' | 'collapsed' | 'expanded';
export type Direction = 'outbound' | 'inbound';

export interface TreeNode {
  /** Stable across refreshes (namespace / ref / direction / peer ref), so VS Code keeps expansion and selection. */
  readonly id: string;
  readonly parentId?: string;
  readonly role: NodeRole;
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** Codicon id, e.g. `globe`. */
  readonly icon: string;
  /** Theme colour id of the icon (see {@link Colors}); the theme's icon colour when absent. */
  readonly color?: string;
  readonly collapsible: Collapsible;
  /** What a click opens (the workload definition or the rule). */
  readonly open?: SourceRef;
  /** Matched by the `view/item/context` menus of package.json. */
  readonly contextValue: string;
  /** Known children; absent on workload nodes (and on namespace nodes from `netpol/namespaces`), whose children are asked of the server when expanded. */
  readonly children?: readonly TreeNode[];
  /** The workload a workload node stands for. */
  readonly workloadRef?: string;
  /** The two ends "Explain" fills in: the workload alone, or the workload and a peer in traffic order. */
  readonly explain?: { readonly from?: string; readonly to?: string };
}

/** Node context values, as package.json's `when` clauses spell them. */
export const ContextValues = {
  namespace: 'namespace',
  workload: 'workload',
  direction: 'direction',
  workloadPeer: 'peer.workload',
  externalPeer: 'peer.external',
  reason: 'reason',
  leftOutGroup: 'leftOutGroup',
  leftOut: 'leftOut',
  leftOutChart: 'leftOut.chart',
} as const;

export const LEFT_OUT_LABEL = 'Left out of the analysis';
export const ADJUSTED_LABEL = 'Analysed without unknown fields';
export const DIRECTION_LABELS: Record<Direction, string> = { outbound: 'Can reach', inbound: 'Reachable from' };

/** Codicon per workload kind; anything else a workload ref may name gets {@link UNKNOWN_KIND_ICON}. */
export const KIND_ICONS: Readonly<Record<string, string>> = {
  Deployment: 'layers',
  StatefulSet: 'database',
  DaemonSet: 'server',
  Job: 'play',
  CronJob: 'watch',
  Pod: 'package',
  ReplicaSet: 'copy',
  ReplicationController: 'versions',
};
export const EXTERNAL_ICON = 'globe';
export const UNKNOWN_KIND_ICON = 'symbol-misc';
const NAMESPACE_ICON = 'symbol-namespace';
const DIRECTION_ICONS: Record<Direction, string> = { outbound: 'call-outgoing', inbound: 'call-incoming' };
const REASON_ICON = 'law';
const LEFT_OUT_ICON = 'warning';
const LEFT_OUT_POLICY_ICON = 'error';
/** Cannot be a namespace name (DNS labels have no parentheses), so it never collides with one. */
const LEFT_OUT_ID_PART = '(left out)';
const ADJUSTED_ID_PART = '(adjusted)';
const ADJUSTED_ICON = 'info';
const CHART_ICON = 'package';
/** Cannot be a policy's namespace/name (no parentheses in DNS names), so chart ids never collide with policy ids. */
const CHART_ID_PART = '(helm chart)';

export function kindIcon(kind: string | undefined): string {
  return (kind !== undefined && KIND_ICONS[kind]) || UNKNOWN_KIND_ICON;
}

/** Joins id parts so that no two different part lists give the same id, whatever the refs contain. */
export function nodeId(...parts: readonly string[]): string {
  return parts.map(encodeURIComponent).join('/');
}

// ---- Root: namespaces, workloads, left-out policies ----------------------------

/** More namespaces than this start collapsed (a big workspace opens as a list of namespaces, as the Explorer opens folders). */
export const COLLAPSE_NAMESPACES_ABOVE = 5;
/** A filtered view opens its namespaces when it shows at most this many workloads. */
export const EXPAND_FILTERED_UP_TO = 100;
/** "Can reach" / "Reachable from" open by themselves up to this many peers. */
export const EXPAND_PEERS_UP_TO = 100;

/** Theme colours (ids of VS Code's colour registry) of icons that need attention. */
export const Colors = {
  /** Some direction is not isolated: every peer may connect that way. */
  notIsolated: 'list.warningForeground',
  /** Reachable from every outside address (`0.0.0.0/0` or `::/0`). */
  openToInternet: 'list.errorForeground',
} as const;

/** What the view's filter keeps; the default (empty text, every toggle off) keeps everything. */
export interface ViewFilter {
  /** Case-insensitive substring of a namespace, a workload's name or ref, or a pod label `key=value`; of a left-out policy's ref. */
  readonly text: string;
  /** Only workloads not isolated for ingress or for egress. */
  readonly notIsolated: boolean;
  /** Only workloads some outside address may reach. */
  readonly fromOutside: boolean;
  /** Only the policies and charts left out of the analysis. */
  readonly leftOut: boolean;
}

export const NO_FILTER: ViewFilter = { text: '', notIsolated: false, fromOutside: false, leftOut: false };

export function isFiltering(filter: ViewFilter): boolean {
  return filter.text.trim() !== '' || filter.notIsolated || filter.fromOutside || filter.leftOut;
}

/** What the builders need beyond the server's answers. */
export interface ModelOptions {
  /** How files are named in tooltips and descriptions (VS Code's workspace-relative path); the file name by default. */
  readonly fileName?: FileNamer;
  readonly filter?: ViewFilter;
}

/** Counts for the view's badge and filter message. */
export interface RootSummary {
  workloads: number;
  /** Not isolated for ingress or for egress (hostNetwork workloads included: no policy applies to them). */
  notIsolated: number;
  /** Workloads the filter keeps (all of them without a filter). */
  shown: number;
  /** Root nodes shown (namespaces and policy groups). */
  roots: number;
}

/** The root nodes: the left-out policies first (when any), then the namespaces in natural order; empty when there is nothing to show. */
export function buildRootNodes(result: WorkloadsRequest.Result, options: ModelOptions = {}): TreeNode[] {
  const filter = options.filter ?? NO_FILTER;
  const filtering = isFiltering(filter);
  const name = options.fileName ?? fileName;
  const text = filter.text.trim().toLowerCase();
  const keepWorkload = (workload: WorkloadSummary) =>
    !filter.leftOut &&
    (!filter.notIsolated || !isIsolated(workload)) &&
    (!filter.fromOutside || (workload.fromOutside ?? []).length > 0) &&
    (text === '' || workloadMatches(workload, text));
  const shown = [...result.namespaces]
    .map((namespace) => ({ name: namespace.name, all: namespace.workloads, kept: namespace.workloads.filter(keepWorkload) }))
    .filter((namespace) => namespace.kept.length > 0)
    .sort((a, b) => compareNatural(a.name, b.name));
  const shownWorkloads = shown.reduce((sum, namespace) => sum + namespace.kept.length, 0);
  const expanded = filtering
    ? shown.length <= COLLAPSE_NAMESPACES_ABOVE || shownWorkloads <= EXPAND_FILTERED_UP_TO
    : shown.length <= COLLAPSE_NAMESPACES_ABOVE;
  const namespaces = shown.map((namespace) =>
    namespaceNode(namespace.name, namespace.kept, namespace.all.length, expanded, filtering, name),
  );
  const keepPolicy = (policy: LeftOutPolicy) => text === '' || policy.policy.toLowerCase().includes(text);
  const keepChart = (chart: UnrenderedChart) => text === '' || chart.chart.toLowerCase().includes(text);
  const policiesOnly = !filter.notIsolated && !filter.fromOutside;
  const leftOut = policiesOnly ? result.leftOut.filter(keepPolicy) : [];
  const charts = policiesOnly ? (result.unrenderedCharts ?? []).filter(keepChart) : [];
  const adjusted = policiesOnly && !filter.leftOut ? (result.adjusted ?? []).filter(keepPolicy) : [];
  return [
    ...(leftOut.length > 0 || charts.length > 0 ? [policyGroup(leftOut, LEFT_OUT_GROUP, name, charts, filter.leftOut)] : []),
    ...(adjusted.length > 0 ? [policyGroup(adjusted, ADJUSTED_GROUP, name)] : []),
    ...namespaces,
  ];
}

/** Workloads in all, not isolated, and kept by the filter. */
export function summarizeRoot(result: WorkloadsRequest.Result, roots: readonly TreeNode[]): RootSummary {
  const all = result.namespaces.flatMap((namespace) => namespace.workloads);
  const shown = roots.reduce((sum, root) => sum + (root.role === 'namespace' ? (root.children?.length ?? 0) : 0), 0);
  return {
    workloads: all.length,
    notIsolated: all.filter((workload) => !isIsolated(workload)).length,
    shown,
    roots: roots.length,
  };
}

/**
 * The root nodes of the unfiltered view from `netpol/namespaces`: the same groups and namespaces as
 * {@link buildRootNodes}, but each namespace without its workloads, which are asked for when it opens
 * ({@link buildNamespaceChildren}). Before the analysis answers, a namespace counts its workloads only.
 */
export function buildNamespaceRootNodes(result: NamespacesRequest.Result, options: ModelOptions = {}): TreeNode[] {
  const name = options.fileName ?? fileName;
  const shown = result.namespaces.filter((namespace) => namespace.workloads > 0).sort((a, b) => compareNatural(a.name, b.name));
  const expanded = shown.length <= COLLAPSE_NAMESPACES_ABOVE;
  const leftOut = result.leftOut ?? [];
  const charts = result.unrenderedCharts ?? [];
  const adjusted = result.adjusted ?? [];
  return [
    ...(leftOut.length > 0 || charts.length > 0 ? [policyGroup(leftOut, LEFT_OUT_GROUP, name, charts)] : []),
    ...(adjusted.length > 0 ? [policyGroup(adjusted, ADJUSTED_GROUP, name)] : []),
    ...shown.map((namespace) => {
      const counted = count(namespace.workloads, 'workload');
      const notIsolated = namespace.notIsolated ?? 0;
      return namespaceNodeOf(
        nodeId(namespace.name),
        namespace.name,
        notIsolated > 0 ? `${counted} · ${notIsolated} not isolated` : counted,
        notIsolated > 0,
        expanded,
      );
    }),
  ];
}

/** The workload nodes of a namespace node of {@link buildNamespaceRootNodes}, from `netpol/namespaceWorkloads`. */
export function buildNamespaceChildren(
  namespaceId: string,
  workloads: readonly WorkloadSummary[],
  options: ModelOptions = {},
): TreeNode[] {
  const name = options.fileName ?? fileName;
  return [...workloads].sort(compareWorkloads).map((workload) => workloadNode(workload, namespaceId, name));
}

/** Counts for the badge from `netpol/namespaces` (nothing is filtered on that path). */
export function summarizeNamespaces(result: NamespacesRequest.Result, roots: readonly TreeNode[]): RootSummary {
  const workloads = result.namespaces.reduce((sum, namespace) => sum + namespace.workloads, 0);
  const notIsolated = result.namespaces.reduce((sum, namespace) => sum + (namespace.notIsolated ?? 0), 0);
  return { workloads, notIsolated, shown: workloads, roots: roots.length };
}

/** Isolated both ways: selected by policies for ingress and for egress. */
export function isIsolated(workload: Pick<WorkloadSummary, 'isolated'>): boolean {
  return workload.isolated.ingress && workload.isolated.egress;
}

/** Some outside address reaches it from anywhere (`0.0.0.0/0`, `::/0`, possibly with exceptions). */
export function isOpenToInternet(workload: Pick<WorkloadSummary, 'fromOutside'>): boolean {
  return (workload.fromOutside ?? []).some((block) => /^(0\.0\.0\.0|::)\/0\b/.test(block));
}

function workloadMatches(workload: WorkloadSummary, text: string): boolean {
  const includes = (value: string) => value.toLowerCase().includes(text);
  return (
    includes(workload.namespace) ||
    includes(workload.ref) ||
    Object.entries(workload.labels ?? {}).some(([key, value]) => includes(`${key}=${value}`))
  );
}

/** In a filtered view a namespace node is a new node (its own id), so that it can open by itself whatever was collapsed before. */
const FILTERED_ID_PART = '(filtered)';

function namespaceNode(
  namespace: string,
  workloads: readonly WorkloadSummary[],
  total: number,
  expanded: boolean,
  filtering: boolean,
  fileName: FileNamer,
): TreeNode {
  const id = filtering ? nodeId(FILTERED_ID_PART, namespace) : nodeId(namespace);
  const children = [...workloads].sort(compareWorkloads).map((workload) => workloadNode(workload, id, fileName));
  const notIsolated = workloads.filter((workload) => !isIsolated(workload)).length;
  const counted = filtering ? `${children.length} of ${count(total, 'workload')}` : count(children.length, 'workload');
  const description = notIsolated > 0 ? `${counted} · ${notIsolated} not isolated` : counted;
  return { ...namespaceNodeOf(id, namespace, description, notIsolated > 0, expanded), children };
}

/** A namespace row; without `children`, its workloads are asked of the server when it opens. */
function namespaceNodeOf(id: string, namespace: string, description: string, notIsolated: boolean, expanded: boolean): TreeNode {
  return {
    id,
    role: 'namespace',
    label: namespace,
    description,
    tooltip: `Namespace ${inlineCode(namespace)}: ${description}`,
    icon: NAMESPACE_ICON,
    ...(notIsolated ? { color: Colors.notIsolated } : {}),
    collapsible: expanded ? 'expanded' : 'collapsed',
    contextValue: ContextValues.namespace,
  };
}

/** The workload node of a namespace node; its id is what {@link buildWorkloadChildren} hangs children under. */
export function workloadNodeId(workload: Pick<WorkloadSummary, 'namespace' | 'ref'>): string {
  return nodeId(workload.namespace, workload.ref);
}

function workloadNode(workload: WorkloadSummary, parentId: string, fileName: FileNamer): TreeNode {
  const lines = [
    `**${escapeMarkdown(workload.namespace)}/${escapeMarkdown(workload.name)}** (${escapeMarkdown(workload.kind)})`,
    ...(workload.replica !== undefined
      ? [
          `Replica #${workload.replica}, analysed on its own: a policy selects some replicas of this StatefulSet and not others (statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index)`,
        ]
      : workload.replicas !== undefined
        ? [count(workload.replicas, 'replica')]
        : []),
    ...(workload.hostNetwork
      ? [
          "hostNetwork: NetworkPolicies do not apply to this pod's traffic, which is the node's; the cluster's CNI decides. Analysed as selected by no policy.",
        ]
      : []),
    `Ingress: ${workload.isolated.ingress ? 'isolated (only what policies allow)' : 'not isolated (all allowed)'}${workload.peers ? ` · reachable from ${count(workload.peers.inbound, 'peer')}` : ''}`,
    `Egress: ${workload.isolated.egress ? 'isolated (only what policies allow)' : 'not isolated (all allowed)'}${workload.peers ? ` · can reach ${count(workload.peers.outbound, 'peer')}` : ''}`,
    ...(workload.fromOutside ? [`Reachable from outside the cluster: ${workload.fromOutside.map(inlineCode).join(', ')}`] : []),
    ...notModelledLines(workload, fileName),
    ...(workload.location ? [`Defined at ${locationLink(workload.location, fileName)}`] : []),
  ];
  const color = isOpenToInternet(workload) ? Colors.openToInternet : isIsolated(workload) ? undefined : Colors.notIsolated;
  return {
    id: workloadNodeId(workload),
    parentId,
    role: 'workload',
    label: workload.replica === undefined ? workload.name : `${workload.name}#${workload.replica}`,
    description: workloadRowDescription(workload),
    tooltip: lines.join('\n\n'),
    icon: kindIcon(workload.kind),
    ...(color ? { color } : {}),
    collapsible: 'collapsed',
    open: workload.location,
    contextValue: ContextValues.workload,
    workloadRef: workload.ref,
    explain: { from: workload.ref },
  };
}

/**
 * What a workload row adds to its name, e.g. "3 in · 2 out", "not isolated for egress · 3 in",
 * "2 in · 1 out · open to 0.0.0.0/0", "hostNetwork: no policy applies". A direction that is not
 * isolated says so instead of counting peers (it lets everybody in, or out).
 */
export function workloadRowDescription(
  workload: Pick<WorkloadSummary, 'isolated' | 'hostNetwork' | 'replica' | 'notModelled' | 'peers' | 'fromOutside'>,
): string {
  if (workload.hostNetwork) return 'hostNetwork: no policy applies';
  const { ingress, egress } = workload.isolated;
  const parts = [
    ...(!ingress && !egress
      ? ['not isolated']
      : !ingress
        ? ['not isolated for ingress']
        : !egress
          ? ['not isolated for egress']
          : []),
    ...(workload.peers && ingress ? [`${workload.peers.inbound} in`] : []),
    ...(workload.peers && egress ? [`${workload.peers.outbound} out`] : []),
    // Not isolated for ingress already says that every address may connect.
    ...(ingress && workload.fromOutside ? [`open to ${outsideText(workload.fromOutside)}`] : []),
    ...(workload.replica !== undefined ? [`replica #${workload.replica}`] : []),
  ];
  const kinds = [...new Set((workload.notModelled ?? []).map((policy) => policy.kind))];
  if (kinds.length > 0) parts.push(`not modelled: ${kinds.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : 'isolated';
}

/** e.g. "isolated ingress · 3 replicas", "not isolated · 1 replica", "hostNetwork: no policy applies", "not isolated · not modelled: CiliumNetworkPolicy". */
export function workloadDescription(
  workload: Pick<WorkloadSummary, 'isolated' | 'replicas' | 'hostNetwork' | 'replica' | 'notModelled'>,
): string {
  if (workload.hostNetwork) return 'hostNetwork: no policy applies';
  if (workload.replica !== undefined)
    return `${workloadDescription({ isolated: workload.isolated, notModelled: workload.notModelled })} · replica #${workload.replica}`;
  const { ingress, egress } = workload.isolated;
  const isolation =
    ingress && egress ? 'isolated ingress & egress' : ingress ? 'isolated ingress' : egress ? 'isolated egress' : 'not isolated';
  const described = workload.replicas === undefined ? isolation : `${isolation} · ${count(workload.replicas, 'replica')}`;
  const kinds = [...new Set((workload.notModelled ?? []).map((policy) => policy.kind))];
  return kinds.length === 0 ? described : `${described} · not modelled: ${kinds.join(', ')}`;
}

/** `0.0.0.0/0`, or `10.0.0.0/8 +1` when several blocks are allowed. */
function outsideText(blocks: readonly string[]): string {
  return blocks.length === 1 ? blocks[0] : `${blocks[0]} +${blocks.length - 1}`;
}

/** The policies of other kinds that also govern a workload, for its tooltip. */
function notModelledLines(workload: WorkloadSummary, fileName: FileNamer): string[] {
  const policies = workload.notModelled ?? [];
  if (policies.length === 0) return [];
  return [
    '**Not modelled**: also governed by policies of other kinds, which this analysis does not model: the cluster may decide differently.',
    policies
      .map(
        (policy) =>
          `- ${escapeMarkdown(policy.title)} (${policy.directions.join(', ')}${policy.certain ? '' : '; its selector is not understood, it may select this workload'}) ${locationLink(policy.location, fileName)}`,
      )
      .join('\n'),
  ];
}

/** How one group of policy notices reads: the left-out policies, or those analysed otherwise than written. */
interface PolicyGroupKind {
  idPart: string;
  label: string;
  tooltip: string;
  icon: string;
  policyIcon: string;
  /** The policy tooltip's first sentence, before the reason. */
  policyTooltip: (policy: string) => string;
}

const LEFT_OUT_GROUP: PolicyGroupKind = {
  idPart: LEFT_OUT_ID_PART,
  label: LEFT_OUT_LABEL,
  tooltip:
    'NetworkPolicies the cluster would not hold as written (errors, unreadable YAML, replaced copies) are left out of the reachability analysis.',
  icon: LEFT_OUT_ICON,
  policyIcon: LEFT_OUT_POLICY_ICON,
  policyTooltip: (policy) => `NetworkPolicy ${inlineCode(policy)} is left out of the analysis`,
};

const ADJUSTED_GROUP: PolicyGroupKind = {
  idPart: ADJUSTED_ID_PART,
  label: ADJUSTED_LABEL,
  tooltip:
    'NetworkPolicies with unknown fields are analysed as the API server stores them under its default field validation: without those fields. kubectl apply refuses them.',
  icon: ADJUSTED_ICON,
  policyIcon: ADJUSTED_ICON,
  policyTooltip: (policy) => `NetworkPolicy ${inlineCode(policy)} is analysed as the API server stores it`,
};

function policyGroup(
  policies: readonly LeftOutPolicy[],
  kind: PolicyGroupKind,
  fileName: FileNamer,
  charts: readonly UnrenderedChart[] = [],
  expanded = false,
): TreeNode {
  const id = nodeId(kind.idPart);
  const children = [...policies]
    .sort((a, b) => compareNatural(a.policy, b.policy))
    .map((policy, index, sorted): TreeNode => {
      // The same namespace/name may be defined twice (two files): keep ids distinct.
      const twin = sorted.slice(0, index).filter((other) => other.policy === policy.policy).length;
      return {
        id: nodeId(kind.idPart, policy.policy, ...(twin > 0 ? [String(twin)] : [])),
        parentId: id,
        role: 'leftOut',
        label: policy.policy,
        description: policy.reason,
        tooltip: `${kind.policyTooltip(policy.policy)}: ${escapeMarkdown(policy.reason)}\n\n${locationLink(policy.location, fileName)}`,
        icon: kind.policyIcon,
        collapsible: 'none',
        open: policy.location,
        contextValue: ContextValues.leftOut,
      };
    });
  const chartNodes = [...charts].sort((a, b) => compareNatural(a.uri, b.uri)).map((chart) => chartNode(chart, id, fileName));
  const counted = [
    ...(children.length > 0 || chartNodes.length === 0 ? [count(children.length, 'policy', 'policies')] : []),
    ...(chartNodes.length > 0 ? [count(chartNodes.length, 'Helm chart')] : []),
  ];
  return {
    id,
    role: 'leftOutGroup',
    label: kind.label,
    description: counted.join(', '),
    tooltip: chartNodes.length > 0 ? `${kind.tooltip}\n\n${CHARTS_TOOLTIP}` : kind.tooltip,
    icon: kind.icon,
    collapsible: expanded ? 'expanded' : 'collapsed',
    contextValue: ContextValues.leftOutGroup,
    children: [...children, ...chartNodes],
  };
}

const CHARTS_TOOLTIP =
  'Helm charts that were not rendered: their templates are not manifests, so the NetworkPolicies and workloads they would install are not in the analysis.';

/** A Helm chart not rendered: what it leaves out, why, and a click that opens its Chart.yaml. */
function chartNode(chart: UnrenderedChart, parentId: string, fileName: FileNamer): TreeNode {
  const leftOut = `${count(chart.networkPolicyTemplates, 'NetworkPolicy template')}, ${count(chart.workloadTemplates, 'workload template')}`;
  const location: SourceRef = { uri: chart.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return {
    id: nodeId(LEFT_OUT_ID_PART, CHART_ID_PART, chart.uri),
    parentId,
    role: 'leftOut',
    label: chart.chart,
    description: `Helm chart not rendered · ${leftOut}`,
    tooltip: `Helm chart ${inlineCode(chart.chart)} is not rendered (${escapeMarkdown(chart.reason)}): ${escapeMarkdown(leftOut)} in its templates/ are not analysed.\n\n${locationLink(location, fileName)}`,
    icon: CHART_ICON,
    collapsible: 'none',
    open: location,
    contextValue: ContextValues.leftOutChart,
  };
}

// ---- A workload's children: directions, peers, reasons ---------------------------

/** "Can reach" (outbound) then "Reachable from" (inbound), each with its peers. */
export function buildWorkloadChildren(
  result: NonNullable<ReachabilityRequest.Result>,
  options: Pick<ModelOptions, 'fileName'> = {},
): TreeNode[] {
  const { workload } = result;
  const name = options.fileName ?? fileName;
  return [directionNode(workload, 'outbound', result.outbound, name), directionNode(workload, 'inbound', result.inbound, name)];
}

function directionNode(
  workload: WorkloadSummary,
  direction: Direction,
  connections: readonly Connection[],
  fileName: FileNamer,
): TreeNode {
  const parentId = workloadNodeId(workload);
  const id = nodeId(workload.namespace, workload.ref, direction);
  const isolated = direction === 'outbound' ? workload.isolated.egress : workload.isolated.ingress;
  const policyDirection = direction === 'outbound' ? 'Egress' : 'Ingress';
  const children = [...connections]
    .sort(comparePeers)
    .map((connection) => peerNode(workload, direction, connection, id, fileName));
  const peers = children.length === 0 ? (direction === 'outbound' ? 'nothing' : 'nobody') : count(children.length, 'peer');
  return {
    id,
    parentId,
    role: 'direction',
    label: DIRECTION_LABELS[direction],
    description: workload.hostNetwork
      ? `${peers} · hostNetwork: no policy applies`
      : isolated
        ? peers
        : `${peers} · not isolated`,
    tooltip: isolated
      ? `${policyDirection} of ${inlineCode(workload.ref)} is isolated: only what the rules of its policies allow is listed.`
      : `${policyDirection} of ${inlineCode(workload.ref)} is not isolated: no NetworkPolicy selects it for ${policyDirection.toLowerCase()}, so all traffic is allowed.`,
    icon: DIRECTION_ICONS[direction],
    // Hundreds of peers (a direction that is not isolated) open on demand, not with their workload.
    collapsible: children.length === 0 ? 'none' : children.length <= EXPAND_PEERS_UP_TO ? 'expanded' : 'collapsed',
    contextValue: ContextValues.direction,
    children,
  };
}

function peerNode(
  workload: WorkloadSummary,
  direction: Direction,
  connection: Connection,
  parentId: string,
  fileName: FileNamer,
): TreeNode {
  const { peer } = connection;
  const id = nodeId(workload.namespace, workload.ref, direction, peer.ref);
  const parts = peer.kind === 'workload' ? parseWorkloadRef(peer.ref) : undefined;
  const replica = parts?.ordinal === undefined ? '' : `#${parts.ordinal}`;
  const label = parts
    ? (parts.namespace === workload.namespace ? parts.name : `${parts.namespace}/${parts.name}`) + replica
    : peer.ref;
  const what = peer.kind === 'external' ? `External ${inlineCode(peer.ref)}` : inlineCode(peer.ref);
  const tooltip = [
    `${what}: ${escapeMarkdown(connection.portsText)}`,
    ...(connection.reasons.length > 0
      ? ['Allowed by:', connection.reasons.map((reason) => `- ${reasonLine(reason, fileName)}`).join('\n')]
      : []),
    ...(peer.location ? [`Defined at ${locationLink(peer.location, fileName)}`] : []),
  ].join('\n\n');
  const children = connection.reasons.map((reason, index) =>
    reasonNode(reason, id, connection.reasons.slice(0, index), fileName),
  );
  const fromInternet = direction === 'inbound' && peer.kind === 'external' && isOpenToInternet({ fromOutside: [peer.ref] });
  return {
    id,
    parentId,
    role: 'peer',
    label,
    description: connection.portsText,
    tooltip,
    icon: peer.kind === 'external' ? EXTERNAL_ICON : kindIcon(parts?.kind),
    ...(fromInternet ? { color: Colors.openToInternet } : {}),
    collapsible: children.length > 0 ? 'collapsed' : 'none',
    // An external peer has no definition: its first rule is the next best place to look.
    open: peer.location ?? connection.reasons[0]?.location,
    contextValue: peer.kind === 'external' ? ContextValues.externalPeer : ContextValues.workloadPeer,
    children,
    explain: direction === 'outbound' ? { from: workload.ref, to: peer.ref } : { from: peer.ref, to: workload.ref },
  };
}

function reasonNode(reason: Reason, parentId: string, earlier: readonly Reason[], fileName: FileNamer): TreeNode {
  const rule = ruleText(reason);
  const key = [reason.policy, reason.direction, reason.ruleIndex === undefined ? '' : String(reason.ruleIndex)];
  const twin = earlier.filter(
    (other) => other.policy === reason.policy && other.direction === reason.direction && other.ruleIndex === reason.ruleIndex,
  ).length;
  return {
    id: nodeId(...idParts(parentId), ...key, ...(twin > 0 ? [String(twin)] : [])),
    parentId,
    role: 'reason',
    label: reason.policy,
    description: `${rule} · ${locationLabel(reason.location, fileName)}`,
    tooltip: reasonLine(reason, fileName),
    icon: REASON_ICON,
    collapsible: 'none',
    open: reason.location,
    contextValue: ContextValues.reason,
  };
}

/** One reason for people: policy, rule, description, `file:line` link. */
export function reasonLine(reason: Reason, name: FileNamer = fileName): string {
  return `${inlineCode(reason.policy)} ${ruleText(reason)}: ${escapeMarkdown(reason.description)} (${locationLink(reason.location, name)})`;
}

/** "ingress rule #0", or "egress (isolates)" for a policy that only selects the pod. */
export function ruleText(reason: Pick<Reason, 'direction' | 'ruleIndex'>): string {
  return reason.ruleIndex === undefined ? `${reason.direction} (isolates)` : `${reason.direction} rule #${reason.ruleIndex}`;
}

// ---- Helpers ---------------------------------------------------------------

function idParts(id: string): string[] {
  return id.split('/').map(decodeURIComponent);
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Code-unit order: deterministic whatever the locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Numbers by value (`ns-2` before `ns-10`), as the Explorer sorts file names; code-unit order breaks ties, so the order is total. */
export function compareNatural(a: string, b: string): number {
  return naturalOrder.compare(a, b) || compareText(a, b);
}

function compareWorkloads(a: WorkloadSummary, b: WorkloadSummary): number {
  return compareNatural(a.name, b.name) || compareText(a.kind, b.kind) || (a.replica ?? -1) - (b.replica ?? -1);
}

/** Workloads (by ref) before external CIDRs (by text). */
function comparePeers(a: Connection, b: Connection): number {
  if (a.peer.kind !== b.peer.kind) return a.peer.kind === 'workload' ? -1 : 1;
  // Addresses keep the order of their text (`0.0.0.0/0` before `::/0`); workload refs sort naturally.
  return a.peer.kind === 'external' ? compareText(a.peer.ref, b.peer.ref) : compareNatural(a.peer.ref, b.peer.ref);
}
