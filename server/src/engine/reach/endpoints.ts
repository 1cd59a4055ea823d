// The two ends of a connection: a workload of the analysis, or addresses outside the cluster.
import { NO_ADDRESSES, parseAddressOrCidr, type AddressSet } from '../cidrSet';
import type { NotModelledPolicy } from '../foreignPolicies';
import { contains } from '../ranges';
import { compareStrings } from '../selectors';
import type { Position } from '../types';
import type { Workload } from '../workloads';
import { parseWorkloadRef } from '../workloadRef';
import type { Workspace } from '../workspace';
import type { FocusedAnalysis, ReachAnalysis, WorkloadClass } from './model';

export type WorkloadEndpoint = {
  kind: 'workload';
  ref: string;
  workload: Workload;
  workloadClass: WorkloadClass;
  /** Policies of other kinds that also govern it (not modelled). */
  notModelled?: readonly NotModelledPolicy[];
};

export type Endpoint =
  | WorkloadEndpoint
  | { kind: 'external'; ref: string; addresses: AddressSet }
  /** A StatefulSet analysed per replica (reach/replicas.ts), named without an ordinal: each replica may answer differently. */
  | { kind: 'replicas'; ref: string; replicas: WorkloadEndpoint[] };

/** A workload or an address block: what one end of one connection is. */
export type SingleEndpoint = Exclude<Endpoint, { kind: 'replicas' }>;

/**
 * Reads a ref: `namespace/name[Kind]`, `namespace/name` when one workload has that
 * namespace and name, `namespace/name[Kind]#<ordinal>` for one replica of a StatefulSet
 * analysed per replica, or an address / CIDR for a peer outside the cluster.
 */
export function resolveEndpoint(analysis: FocusedAnalysis, text: string): Endpoint | { error: string } {
  const addresses = parseAddressOrCidr(text);
  if (addresses) return { kind: 'external', ref: text, addresses };
  const parts = parseWorkloadRef(text);
  const named = parts
    ? analysis.workloads.filter(
        (w) => w.namespace === parts.namespace && w.name === parts.name && (parts.kind === undefined || w.kind === parts.kind),
      )
    : [];
  const found =
    parts?.ordinal === undefined ? named : named.filter((w) => w.replica !== undefined && w.replica.ordinal === parts.ordinal);
  const asEndpoint = (workload: Workload): WorkloadEndpoint => ({
    kind: 'workload',
    ref: workload.ref,
    workload,
    workloadClass: analysis.classOf.get(workload.ref)!,
    ...(analysis.notModelled.has(workload.ref) ? { notModelled: analysis.notModelled.get(workload.ref) } : {}),
  });
  if (found.length === 1) return asEndpoint(found[0]);
  const of = found[0]?.replica?.of;
  if (of !== undefined && found.every((w) => w.replica?.of === of))
    return { kind: 'replicas', ref: of, replicas: found.map(asEndpoint) };
  if (found.length > 1) return { error: `"${text}" is ambiguous: ${found.map((w) => w.ref).join(', ')}` };
  if (parts?.ordinal !== undefined && named.length > 0)
    return {
      error: `no replica "${text}": ${named[0].ref.replace(/#\d+$/, '')} is ${
        named.some((w) => w.replica)
          ? `analysed per replica as ${named.map((w) => w.ref).join(', ')}`
          : 'analysed as one workload, no policy tells its replicas apart'
      }`,
    };
  const close = closeMatches(
    analysis.workloads.map((w) => w.ref),
    text,
  );
  return {
    error: `no workload "${text}"${close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''} (refs are namespace/name[Kind], namespace/name, or an IP address or CIDR)`,
  };
}

function closeMatches(refs: readonly string[], text: string): string[] {
  const wanted = text.toLowerCase().replace(/\[.*$/, '');
  const name = wanted.slice(wanted.indexOf('/') + 1);
  const scored = refs
    .map((ref) => ({ ref, score: distance(ref.toLowerCase().replace(/\[.*$/, ''), wanted) }))
    .filter(
      ({ ref, score }) =>
        score <= Math.max(2, Math.floor(wanted.length / 3)) || (name.length >= 3 && ref.toLowerCase().includes(name)),
    );
  return scored
    .sort((x, y) => x.score - y.score || compareStrings(x.ref, y.ref))
    .slice(0, 5)
    .map((s) => s.ref);
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** The endpoint a connection's peer ref names (a workload of the analysis, or an external block). */
export function endpointOf(analysis: FocusedAnalysis, ref: string, external: boolean): Endpoint {
  if (external) return { kind: 'external', ref, addresses: analysis.blocks.get(ref) ?? parseAddressOrCidr(ref) ?? NO_ADDRESSES };
  const workloadClass = analysis.classOf.get(ref)!;
  const workload = workloadClass.members.find((w) => w.ref === ref)!;
  const notModelled = analysis.notModelled.get(ref);
  return { kind: 'workload', ref, workload, workloadClass, ...(notModelled ? { notModelled } : {}) };
}

/**
 * The workload defined at a position, or, on a policy, the one workload its
 * podSelector selects (none when it selects several or none).
 */
export function workloadRefAt(
  workspace: Workspace,
  analysis: ReachAnalysis,
  uri: string,
  position: Position,
): string | undefined {
  for (const workload of analysis.workloads) {
    if (workload.sources.some((source) => source.uri === uri && contains(source.range, position))) return workload.ref;
  }
  for (const policy of analysis.policies) {
    if (policy.model.uri !== uri || !contains(policy.model.range, position)) continue;
    const selected = workspace.workloadsSelectedBy(policy.model.podSelector.selector, policy.model.namespace);
    const refs = [...new Set(selected.map((w) => w.ref))];
    return refs.length === 1 ? refs[0] : undefined;
  }
  return undefined;
}
