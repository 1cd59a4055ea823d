// The netpol/* requests of the reachability view and the explain command, on the
// server's one WorkspaceIndex, and netpol/resultsChanged when the workspace or the
// Kubernetes version changed.
// The engine caches its analysis per workspace version, so answers between two
// edits cost a lookup.
import type { Connection as LspConnection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyseWorkspace,
  connectionsOf,
  endpointOf,
  explainConnection,
  peerInfo,
  prepareExplain,
  resolveEndpoint,
  type ReachAnalysis,
  type ReachConnection,
  workloadRefAt,
} from '../engine/reach';
import type { Workload } from '../engine/workloads';
import {
  ExplainRequest,
  ReachabilityRequest,
  ResultsChangedNotification,
  WorkloadAtRequest,
  WorkloadsRequest,
  type Connection,
  type LeftOutPolicy,
  type WorkloadSummary,
} from '../protocol';
import type { Log } from './log';
import type { Settings } from './settings';
import type { Workspace } from '../engine/workspace';
import type { WorkspaceIndex } from './workspaceIndex';

/** Quiet time after the last change before clients are told that results changed. */
export const RESULTS_CHANGED_DEBOUNCE_MS = 300;

/** What server.ts tells the reachability requests. */
export interface ReachabilityService {
  /** After a settings change: results may differ (netpol.kubernetesVersion), so clients are told when they do. */
  settingsChanged(): Promise<void>;
}

export function registerReachability(
  connection: LspConnection,
  index: WorkspaceIndex,
  documents: TextDocuments<TextDocument>,
  settings: Settings,
  log: Log,
): ReachabilityService {
  // Which policies are invalid (and left out) depends on netpol.kubernetesVersion, as for the
  // diagnostics. Results are versioned by the index's change count (it survives a rescan, which
  // starts a new Workspace at version 0) plus the number of times that setting changed: both
  // only grow, so a client that caches per version asks again after either.
  let settingsChanges = 0;
  let usedKubernetesVersion: string | undefined;
  const validationOptions = async () => {
    const { kubernetesVersion } = await settings.forWorkspace();
    const key = JSON.stringify(kubernetesVersion);
    if (usedKubernetesVersion !== undefined && key !== usedKubernetesVersion) settingsChanges++;
    usedKubernetesVersion = key;
    return { kubernetesVersion };
  };
  /** The current workspace and its results version, read together (reading applies pending edits, which counts as a change). */
  const currentWithVersion = (): { workspace: Workspace; version: number } => {
    const workspace = index.current();
    return { workspace, version: index.changes + settingsChanges };
  };
  /** The analysis of the current workspace and the version it answers for, taken after the settings are read. */
  const analyse = async (): Promise<{ workspace: Workspace; analysis: ReachAnalysis; version: number }> => {
    const validation = await validationOptions();
    const { workspace, version } = currentWithVersion();
    return { workspace, analysis: analyseWorkspace(workspace, { validation }), version };
  };

  connection.onRequest(WorkloadsRequest.method, async (): Promise<WorkloadsRequest.Result> => {
    const { workspace, analysis: current, version } = await analyse();
    const byNamespace = new Map<string, WorkloadSummary[]>(workspace.namespaces().map((ns) => [ns.name, []]));
    for (const workload of current.workloads) {
      const list = byNamespace.get(workload.namespace) ?? [];
      list.push(summary(current, workload));
      byNamespace.set(workload.namespace, list);
    }
    return {
      version,
      namespaces: [...byNamespace].map(([name, workloads]) => ({ name, workloads })),
      leftOut: leftOutOf(current),
    };
  });

  connection.onRequest(
    ReachabilityRequest.method,
    async (params: ReachabilityRequest.Params): Promise<ReachabilityRequest.Result> => {
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
    },
  );

  connection.onRequest(ExplainRequest.method, async (params: ExplainRequest.Params): Promise<ExplainRequest.Result> => {
    const { analysis: current } = await analyse();
    // An empty port field asks about any port, like no port at all.
    const portText = params?.port === undefined || params.port === '' ? undefined : params.port;
    const prepared = prepareExplain(current, String(params?.from ?? ''), String(params?.to ?? ''), portText);
    if ('problem' in prepared) return { error: prepared.problem.message };
    return explainConnection(prepared.from, prepared.to, prepared.port);
  });

  connection.onRequest(WorkloadAtRequest.method, async (params: WorkloadAtRequest.Params): Promise<WorkloadAtRequest.Result> => {
    const { workspace, analysis } = await analyse();
    const ref = workloadRefAt(workspace, analysis, params.uri, params.position);
    return ref === undefined ? null : { ref };
  });

  // Results change when the index does: files fed by a scan, or open documents
  // edited (applied lazily, so an edit is pulled in here after a quiet moment).
  let timer: NodeJS.Timeout | undefined;
  let notifiedVersion = currentWithVersion().version;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      try {
        const { version } = currentWithVersion();
        if (version === notifiedVersion) return;
        notifiedVersion = version;
        void connection.sendNotification(ResultsChangedNotification.method, {
          version,
        } satisfies ResultsChangedNotification.Params);
      } catch (error) {
        log.error('Could not tell the client that results changed.', error);
      }
    }, RESULTS_CHANGED_DEBOUNCE_MS);
  };
  index.onDidChange(schedule);
  documents.onDidChangeContent(schedule);
  documents.onDidClose(schedule);
  return {
    async settingsChanged() {
      await validationOptions();
      schedule();
    },
  };
}

function summary(analysis: ReachAnalysis, workload: Workload): WorkloadSummary {
  const workloadClass = analysis.classOf.get(workload.ref)!;
  const source = workload.sources[0];
  return {
    ref: workload.ref,
    namespace: workload.namespace,
    kind: workload.kind,
    name: workload.name,
    ...(workload.replicas !== undefined ? { replicas: workload.replicas } : {}),
    location: { uri: source.uri, range: source.range },
    isolated: { ingress: workloadClass.ingress.isolating.length > 0, egress: workloadClass.egress.isolating.length > 0 },
  };
}

function leftOutOf(analysis: ReachAnalysis): LeftOutPolicy[] {
  return analysis.leftOut.map((p) => ({ policy: p.policy, location: { uri: p.uri, range: p.range }, reason: p.reason }));
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
