// The reachability tree as plain data, built from `netpol/workloads` and
// `netpol/reachability` answers. No `vscode` here: the tree provider only turns
// these nodes into TreeItems, so everything a person sees is decided (and tested) here.
//
//   Namespace -> Workload -> "Can reach" / "Reachable from" -> peer -> reason
//   "Left out of the analysis" -> policy, Helm chart not rendered
import type {
  Connection,
  LeftOutPolicy,
  Reason,
  ReachabilityRequest,
  SourceRef,
  UnrenderedChart,
  WorkloadSummary,
  WorkloadsRequest,
} from '../../../server/src/protocol';
import { parseWorkloadRef } from '../../../server/src/engine/workloadRef';
import { escapeMarkdown, inlineCode, locationLabel, locationLink } from './sourceLinks';

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
  readonly collapsible: Collapsible;
  /** What a click opens (the workload definition or the rule). */
  readonly open?: SourceRef;
  /** Matched by the `view/item/context` menus of package.json. */
  readonly contextValue: string;
  /** Known children; absent on workload nodes, whose children are asked of the server when expanded. */
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

/** The root nodes, namespaces sorted by name, then the left-out policies if any; empty when there is nothing to show. */
export function buildRootNodes(result: WorkloadsRequest.Result): TreeNode[] {
  const namespaces = [...result.namespaces]
    .filter((namespace) => namespace.workloads.length > 0)
    .sort((a, b) => compareText(a.name, b.name))
    .map((namespace) => namespaceNode(namespace.name, namespace.workloads));
  const adjusted = result.adjusted ?? [];
  const charts = result.unrenderedCharts ?? [];
  return [
    ...namespaces,
    ...(result.leftOut.length > 0 || charts.length > 0 ? [policyGroup(result.leftOut, LEFT_OUT_GROUP, charts)] : []),
    ...(adjusted.length > 0 ? [policyGroup(adjusted, ADJUSTED_GROUP)] : []),
  ];
}

function namespaceNode(namespace: string, workloads: readonly WorkloadSummary[]): TreeNode {
  const id = nodeId(namespace);
  const children = [...workloads].sort(compareWorkloads).map((workload) => workloadNode(workload, id));
  return {
    id,
    role: 'namespace',
    label: namespace,
    description: count(children.length, 'workload'),
    tooltip: `Namespace ${inlineCode(namespace)}: ${count(children.length, 'workload')}`,
    icon: NAMESPACE_ICON,
    collapsible: 'expanded',
    contextValue: ContextValues.namespace,
    children,
  };
}

/** The workload node of a namespace node; its id is what {@link buildWorkloadChildren} hangs children under. */
export function workloadNodeId(workload: Pick<WorkloadSummary, 'namespace' | 'ref'>): string {
  return nodeId(workload.namespace, workload.ref);
}

function workloadNode(workload: WorkloadSummary, parentId: string): TreeNode {
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
    `Ingress: ${workload.isolated.ingress ? 'isolated (only what policies allow)' : 'not isolated (all allowed)'}`,
    `Egress: ${workload.isolated.egress ? 'isolated (only what policies allow)' : 'not isolated (all allowed)'}`,
    ...notModelledLines(workload),
    ...(workload.location ? [`Defined at ${locationLink(workload.location)}`] : []),
  ];
  return {
    id: workloadNodeId(workload),
    parentId,
    role: 'workload',
    label: workload.replica === undefined ? workload.name : `${workload.name}#${workload.replica}`,
    description: workloadDescription(workload),
    tooltip: lines.join('\n\n'),
    icon: kindIcon(workload.kind),
    collapsible: 'collapsed',
    open: workload.location,
    contextValue: ContextValues.workload,
    workloadRef: workload.ref,
    explain: { from: workload.ref },
  };
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

/** The policies of other kinds that also govern a workload, for its tooltip. */
function notModelledLines(workload: WorkloadSummary): string[] {
  const policies = workload.notModelled ?? [];
  if (policies.length === 0) return [];
  return [
    '**Not modelled**: also governed by policies of other kinds, which this analysis does not model: the cluster may decide differently.',
    policies
      .map(
        (policy) =>
          `- ${escapeMarkdown(policy.title)} (${policy.directions.join(', ')}${policy.certain ? '' : '; its selector is not understood, it may select this workload'}) ${locationLink(policy.location)}`,
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
  charts: readonly UnrenderedChart[] = [],
): TreeNode {
  const id = nodeId(kind.idPart);
  const children = [...policies]
    .sort((a, b) => compareText(a.policy, b.policy))
    .map((policy, index, sorted): TreeNode => {
      // The same namespace/name may be defined twice (two files): keep ids distinct.
      const twin = sorted.slice(0, index).filter((other) => other.policy === policy.policy).length;
      return {
        id: nodeId(kind.idPart, policy.policy, ...(twin > 0 ? [String(twin)] : [])),
        parentId: id,
        role: 'leftOut',
        label: policy.policy,
        description: policy.reason,
        tooltip: `${kind.policyTooltip(policy.policy)}: ${escapeMarkdown(policy.reason)}\n\n${locationLink(policy.location)}`,
        icon: kind.policyIcon,
        collapsible: 'none',
        open: policy.location,
        contextValue: ContextValues.leftOut,
      };
    });
  const chartNodes = [...charts].sort((a, b) => compareText(a.uri, b.uri)).map((chart) => chartNode(chart, id));
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
    collapsible: 'collapsed',
    contextValue: ContextValues.leftOutGroup,
    children: [...children, ...chartNodes],
  };
}

const CHARTS_TOOLTIP =
  'Helm charts that were not rendered: their templates are not manifests, so the NetworkPolicies and workloads they would install are not in the analysis.';

/** A Helm chart not rendered: what it leaves out, why, and a click that opens its Chart.yaml. */
function chartNode(chart: UnrenderedChart, parentId: string): TreeNode {
  const leftOut = `${count(chart.networkPolicyTemplates, 'NetworkPolicy template')}, ${count(chart.workloadTemplates, 'workload template')}`;
  const location: SourceRef = { uri: chart.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return {
    id: nodeId(LEFT_OUT_ID_PART, CHART_ID_PART, chart.uri),
    parentId,
    role: 'leftOut',
    label: chart.chart,
    description: `Helm chart not rendered · ${leftOut}`,
    tooltip: `Helm chart ${inlineCode(chart.chart)} is not rendered (${escapeMarkdown(chart.reason)}): ${escapeMarkdown(leftOut)} in its templates/ are not analysed.\n\n${locationLink(location)}`,
    icon: CHART_ICON,
    collapsible: 'none',
    open: location,
    contextValue: ContextValues.leftOutChart,
  };
}

// ---- A workload's children: directions, peers, reasons ---------------------------

/** "Can reach" (outbound) then "Reachable from" (inbound), each with its peers. */
export function buildWorkloadChildren(result: NonNullable<ReachabilityRequest.Result>): TreeNode[] {
  const { workload } = result;
  return [directionNode(workload, 'outbound', result.outbound), directionNode(workload, 'inbound', result.inbound)];
}

function directionNode(workload: WorkloadSummary, direction: Direction, connections: readonly Connection[]): TreeNode {
  const parentId = workloadNodeId(workload);
  const id = nodeId(workload.namespace, workload.ref, direction);
  const isolated = direction === 'outbound' ? workload.isolated.egress : workload.isolated.ingress;
  const policyDirection = direction === 'outbound' ? 'Egress' : 'Ingress';
  const children = [...connections].sort(comparePeers).map((connection) => peerNode(workload, direction, connection, id));
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
    collapsible: children.length === 0 ? 'none' : 'expanded',
    contextValue: ContextValues.direction,
    children,
  };
}

function peerNode(workload: WorkloadSummary, direction: Direction, connection: Connection, parentId: string): TreeNode {
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
      ? ['Allowed by:', connection.reasons.map((reason) => `- ${reasonLine(reason)}`).join('\n')]
      : []),
    ...(peer.location ? [`Defined at ${locationLink(peer.location)}`] : []),
  ].join('\n\n');
  const children = connection.reasons.map((reason, index) => reasonNode(reason, id, connection.reasons.slice(0, index)));
  return {
    id,
    parentId,
    role: 'peer',
    label,
    description: connection.portsText,
    tooltip,
    icon: peer.kind === 'external' ? EXTERNAL_ICON : kindIcon(parts?.kind),
    collapsible: children.length > 0 ? 'collapsed' : 'none',
    // An external peer has no definition: its first rule is the next best place to look.
    open: peer.location ?? connection.reasons[0]?.location,
    contextValue: peer.kind === 'external' ? ContextValues.externalPeer : ContextValues.workloadPeer,
    children,
    explain: direction === 'outbound' ? { from: workload.ref, to: peer.ref } : { from: peer.ref, to: workload.ref },
  };
}

function reasonNode(reason: Reason, parentId: string, earlier: readonly Reason[]): TreeNode {
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
    description: `${rule} · ${locationLabel(reason.location)}`,
    tooltip: reasonLine(reason),
    icon: REASON_ICON,
    collapsible: 'none',
    open: reason.location,
    contextValue: ContextValues.reason,
  };
}

/** One reason for people: policy, rule, description, `file:line` link. */
export function reasonLine(reason: Reason): string {
  return `${inlineCode(reason.policy)} ${ruleText(reason)}: ${escapeMarkdown(reason.description)} (${locationLink(reason.location)})`;
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

function compareWorkloads(a: WorkloadSummary, b: WorkloadSummary): number {
  return compareText(a.name, b.name) || compareText(a.kind, b.kind);
}

/** Workloads (by ref) before external CIDRs (by text). */
function comparePeers(a: Connection, b: Connection): number {
  if (a.peer.kind !== b.peer.kind) return a.peer.kind === 'workload' ? -1 : 1;
  return compareText(a.peer.ref, b.peer.ref);
}
