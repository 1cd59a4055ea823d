// The netpol/* requests of the reachability view and the explain command, on the
// server's one WorkspaceIndex, and netpol/resultsChanged when the index settles
// after a change (of the workspace, or of the Kubernetes version).
// The engine caches its analysis per workspace version, so answers between two
// edits cost a lookup.
import type { Connection as LspConnection } from 'vscode-languageserver/node';
import {
  analyseWorkspace,
  connectionsOf,
  endpointOf,
  explainConnection,
  peerCounts,
  peerInfo,
  prepareExplain,
  resolveEndpoint,
  type LeftOutPolicyInfo,
  type ReachAnalysis,
  type ReachConnection,
  type ReachSide,
  type ReachVerdict,
  workloadRefAt,
} from '../engine/reach';
import { formatConnectionSet, fromCanonicalJson, NONE } from '../engine/ports';
import type { Workload } from '../engine/workloads';
import {
  ExplainRequest,
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ReachabilityRequest,
  ResultsChangedNotification,
  WorkloadAtRequest,
  WorkloadsRequest,
  type Connection,
  type ExplainResult,
  type LeftOutPolicy,
  type NamespaceSummary,
  type SideVerdict,
  type WorkloadSummary,
} from '../protocol';
import type { Log } from './log';
import type { Settings } from './settings';
import type { Workspace } from '../engine/workspace';
import { NO_CHART_RENDERED, unrenderedChartsOf, type ChartRendering } from './unrenderedCharts';
import type { WorkspaceIndex } from './workspaceIndex';

/** What server.ts tells the reachability requests. */
export interface ReachabilityService {
  /** After a settings change: results may differ (netpol.kubernetesVersion), so clients are told when they do. */
  settingsChanged(): Promise<void>;
}

export function registerReachability(
  connection: LspConnection,
  index: WorkspaceIndex,
  settings: Settings,
  log: Log,
  /** Which Helm charts are rendered now; the others are listed as left out (`unrenderedCharts`). Default: none. */
  charts: () => ChartRendering = () => NO_CHART_RENDERED,
): ReachabilityService {
  // Which policies are invalid (and left out) depends on netpol.kubernetesVersion, as for the
  // diagnostics. A change of it counts in the index's change count like a change of the files:
  // results are versioned by that one count, which only grows (also across a rescan, which
  // starts a new Workspace at version 0), so a client that caches per version asks again.
  let usedKubernetesVersion: string | undefined;
  const validationOptions = async () => {
    const { kubernetesVersion } = await settings.forWorkspace();
    const key = JSON.stringify(kubernetesVersion);
    if (usedKubernetesVersion !== undefined && key !== usedKubernetesVersion) index.answersChanged();
    usedKubernetesVersion = key;
    return { kubernetesVersion };
  };
  /** The current workspace and its results version, read together (reading applies pending edits, which counts as a change). */
  const currentWithVersion = (): { workspace: Workspace; version: number } => {
    const workspace = index.current();
    return { workspace, version: index.changes };
  };
  /** The analysis of the current workspace and the version it answers for, taken after the settings are read. */
  const analyse = async (): Promise<{ workspace: Workspace; analysis: ReachAnalysis; version: number }> => {
    // Answers from part of the workspace would be wrong, not partial: wait (bounded) for the first scan;
    // netpol/resultsChanged tells the client when a later scan changes them.
    await index.ready();
    const validation = await validationOptions();
    const { workspace, version } = currentWithVersion();
    return { workspace, analysis: analyseWorkspace(workspace, { validation }), version };
  };

  connection.onRequest(WorkloadsRequest.type, async (): Promise<WorkloadsRequest.Result> => {
    const { workspace, analysis: current, version } = await analyse();
    const byNamespace = new Map<string, WorkloadSummary[]>(workspace.namespaces().map((ns) => [ns.name, []]));
    for (const workload of current.workloads) {
      const list = byNamespace.get(workload.namespace) ?? [];
      list.push(summary(current, workload));
      byNamespace.set(workload.namespace, list);
    }
    const unrenderedCharts = unrenderedChartsOf(workspace, charts());
    return {
      version,
      namespaces: [...byNamespace].map(([name, workloads]) => ({ name, workloads })),
      leftOut: leftOutOf(current),
      adjusted: current.adjusted.map(toLeftOutPolicy),
      ...(current.notes.length > 0 ? { notes: current.notes } : {}),
      ...(unrenderedCharts.length > 0 ? { unrenderedCharts } : {}),
    };
  });

  // The view's first level: at once from the index (names, workload counts), then again with what needs the analysis.
  connection.onRequest(NamespacesRequest.type, async (params): Promise<NamespacesRequest.Result> => {
    if (params?.analysed !== true) {
      await index.ready();
      const { workspace, version } = currentWithVersion();
      return { version, analysed: false, namespaces: namespaceCounts(workspace.workloads()) };
    }
    const { workspace, analysis: current, version } = await analyse();
    const unrenderedCharts = unrenderedChartsOf(workspace, charts());
    return {
      version,
      analysed: true,
      namespaces: namespaceCounts(current.workloads, (workload) => !isolatedBothWays(current, workload)),
      leftOut: leftOutOf(current),
      adjusted: current.adjusted.map(toLeftOutPolicy),
      ...(current.notes.length > 0 ? { notes: current.notes } : {}),
      ...(unrenderedCharts.length > 0 ? { unrenderedCharts } : {}),
    };
  });

  connection.onRequest(NamespaceWorkloadsRequest.type, async (params): Promise<NamespaceWorkloadsRequest.Result> => {
    const { analysis: current, version } = await analyse();
    const namespace = String(params?.namespace ?? '');
    const workloads = current.workloads.filter((workload) => workload.namespace === namespace);
    return { version, workloads: workloads.map((workload) => summary(current, workload)) };
  });

  connection.onRequest(ReachabilityRequest.type, async (params): Promise<ReachabilityRequest.Result> => {
    const { analysis: current, version } = await analyse();
    // A short ref (`shop/web`) names the workload when it is unambiguous, as in explain.
    const endpoint = resolveEndpoint(current, String(params?.workload ?? ''));
    if ('error' in endpoint || endpoint.kind !== 'workload') return null;
    const { workload } = endpoint;
    const { inbound, outbound } = connectionsOf(current, workload.ref);
    return {
      version,
      workload: summary(current, workload),
      inbound: inbound.map((c) => toConnection(current, c, 'from')),
      outbound: outbound.map((c) => toConnection(current, c, 'to')),
      leftOut: leftOutOf(current),
    };
  });

  connection.onRequest(ExplainRequest.type, async (params): Promise<ExplainRequest.Result> => {
    const { analysis: current } = await analyse();
    // An empty port field asks about any port, like no port at all.
    const portText = params?.port === undefined || params.port === '' ? undefined : params.port;
    const prepared = prepareExplain(current, String(params?.from ?? ''), String(params?.to ?? ''), portText);
    if ('problem' in prepared) return { error: prepared.problem.message };
    return toExplainResult(explainConnection(prepared.from, prepared.to, prepared.port));
  });

  connection.onRequest(WorkloadAtRequest.type, async (params): Promise<WorkloadAtRequest.Result> => {
    const { workspace, analysis } = await analyse();
    // A client may send null params (vscode-jsonrpc does for a request sent without them).
    if (!params?.uri || !params.position) return null;
    const ref = workloadRefAt(workspace, analysis, params.uri, params.position);
    return ref === undefined ? null : { ref };
  });

  index.onDidSettle(({ version }) => {
    connection
      .sendNotification(ResultsChangedNotification.type, { version })
      .catch((error: unknown) => log.error('Could not tell the client that results changed.', error));
  });
  return {
    async settingsChanged() {
      // A changed version is counted by the index, which then settles and notifies.
      await validationOptions();
    },
  };
}

function summary(analysis: ReachAnalysis, workload: Workload): WorkloadSummary {
  const workloadClass = analysis.classOf.get(workload.ref)!;
  const counts = peerCounts(analysis).get(workload.ref);
  const source = workload.sources[0];
  return {
    ref: workload.ref,
    namespace: workload.namespace,
    kind: workload.kind,
    name: workload.name,
    ...(workload.replicas !== undefined ? { replicas: workload.replicas } : {}),
    ...(workload.replica ? { replica: workload.replica.ordinal } : {}),
    ...(workload.hostNetwork ? { hostNetwork: true } : {}),
    location: { uri: source.uri, range: source.range },
    isolated: { ingress: workloadClass.ingress.isolating.length > 0, egress: workloadClass.egress.isolating.length > 0 },
    ...notModelledOf(analysis, workload),
    labels: { ...workload.labels },
    ...(counts && { peers: { inbound: counts.inbound, outbound: counts.outbound } }),
    ...(counts && counts.fromOutside.length > 0 && { fromOutside: [...counts.fromOutside] }),
  };
}

/** Namespaces with workloads, by name, with how many workloads each has (and how many `counted` keeps, when given). */
function namespaceCounts(workloads: readonly Workload[], counted?: (workload: Workload) => boolean): NamespaceSummary[] {
  const byName = new Map<string, NamespaceSummary>();
  for (const workload of workloads) {
    let entry = byName.get(workload.namespace);
    if (!entry)
      byName.set(workload.namespace, (entry = { name: workload.namespace, workloads: 0, ...(counted && { notIsolated: 0 }) }));
    entry.workloads++;
    if (counted?.(workload)) entry.notIsolated!++;
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Selected by policies for ingress and for egress (what the view's not isolated count leaves out). */
function isolatedBothWays(analysis: ReachAnalysis, workload: Workload): boolean {
  const workloadClass = analysis.classOf.get(workload.ref)!;
  return workloadClass.ingress.isolating.length > 0 && workloadClass.egress.isolating.length > 0;
}

function notModelledOf(analysis: ReachAnalysis, workload: Workload): Pick<WorkloadSummary, 'notModelled'> {
  const entries = analysis.notModelled.get(workload.ref);
  return entries ? { notModelled: entries.map((entry) => ({ ...entry, directions: [...entry.directions] })) } : {};
}

function leftOutOf(analysis: ReachAnalysis): LeftOutPolicy[] {
  return analysis.leftOut.map(toLeftOutPolicy);
}

function toLeftOutPolicy(p: LeftOutPolicyInfo): LeftOutPolicy {
  return { policy: p.policy, location: { uri: p.uri, range: p.range }, reason: p.reason };
}

/** A connection seen from one workload: the peer is the other end, reasons are the rules of both sides. */
function toConnection(analysis: ReachAnalysis, connection: ReachConnection, peerEnd: 'from' | 'to'): Connection {
  const from = endpointOf(analysis, connection.from, connection.external === 'from');
  const to = endpointOf(analysis, connection.to, connection.external === 'to');
  const verdict = explainConnection(from, to);
  return {
    peer: peerInfo(peerEnd === 'from' ? from : to),
    ports: verdict.ports,
    portsText: verdict.portsText,
    reasons: [...verdict.egress.allowingRules, ...verdict.ingress.allowingRules],
  };
}

/** The engine's verdict with each side's ports worded too, so that the client renders text and parses no ports. */
function toExplainResult(verdict: ReachVerdict): ExplainResult {
  return { ...verdict, egress: toSideVerdict(verdict.egress), ingress: toSideVerdict(verdict.ingress) };
}

function toSideVerdict(side: ReachSide): SideVerdict {
  return { ...side, allowedText: formatConnectionSet(fromCanonicalJson(side.allowed) ?? NONE) };
}
