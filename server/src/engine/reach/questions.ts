// The questions the adapters ask, read from what a user typed: which connection to
// explain, and which connections a listing keeps.
import { overlapsAddresses } from '../cidrSet';
import { parsePortSpec, type ConnectionSet } from '../ports';
import type { FocusedAnalysis, ReachAnalysis } from './model';
import type { ReachConnection } from './model';
import { endpointOf, resolveEndpoint, type Endpoint } from './endpoints';

/** The port an explanation is asked about: the text as the user wrote it, and what it means. */
export interface ExplainPort {
  text: string;
  set: ConnectionSet;
  /** False when the text names no protocol and TCP was assumed, as in a NetworkPolicy. */
  protocolGiven: boolean;
}

/** Why an explanation cannot be given; adapters word some kinds their own way. */
export interface ExplainProblem {
  kind: 'unknown-from' | 'unknown-to' | 'both-external' | 'bad-port';
  message: string;
}

export function parseExplainPort(text: string): ExplainPort | { problem: ExplainProblem } {
  const parsed = parsePortSpec(text);
  if ('error' in parsed) return { problem: { kind: 'bad-port', message: parsed.error } };
  return { text, set: parsed.set, protocolGiven: text.includes('/') };
}

/**
 * The inputs of explainConnection from the refs and port a user typed. Checked in
 * this order: from, to, that one end is a workload (nothing outside the cluster is
 * subject to NetworkPolicies), then the port (undefined: any port).
 */
export function prepareExplain(
  analysis: FocusedAnalysis,
  fromText: string,
  toText: string,
  portText?: string,
): { from: Endpoint; to: Endpoint; port?: ExplainPort } | { problem: ExplainProblem } {
  const from = resolveEndpoint(analysis, fromText);
  if ('error' in from) return { problem: { kind: 'unknown-from', message: from.error } };
  const to = resolveEndpoint(analysis, toText);
  if ('error' in to) return { problem: { kind: 'unknown-to', message: to.error } };
  if (from.kind === 'external' && to.kind === 'external')
    return { problem: { kind: 'both-external', message: 'At least one side must be a workload.' } };
  if (portText === undefined) return { from, to };
  const port = parseExplainPort(portText);
  if ('problem' in port) return port;
  return { from, to, port };
}

/** Which connections a listing keeps: all when no filter is given, else those that pass every filter given. */
export interface ConnectionFilter {
  /** Connections from or to a workload of this namespace. */
  namespace?: string;
  /** Connections from this workload, or from external blocks overlapping these addresses. */
  from?: Endpoint;
  /** Connections to this workload, or to external blocks overlapping these addresses. */
  to?: Endpoint;
}

/** The connections that pass the filter, in their order, as they come (a listing may be too large to hold). */
export function* filterConnections(
  analysis: ReachAnalysis,
  connections: Iterable<ReachConnection>,
  filter: ConnectionFilter,
): Generator<ReachConnection> {
  const { namespace, from, to } = filter;
  const inNamespace = (ref: string, external: boolean): boolean => !external && ref.startsWith(`${namespace}/`);
  for (const c of connections)
    if (
      (namespace === undefined || inNamespace(c.from, c.external === 'from') || inNamespace(c.to, c.external === 'to')) &&
      (from === undefined || endMatches(analysis, c.from, c.external === 'from', from)) &&
      (to === undefined || endMatches(analysis, c.to, c.external === 'to', to))
    )
      yield c;
}

/** A workload end matches only that workload; an address end matches external blocks that share an address with it. */
function endMatches(analysis: ReachAnalysis, connectionRef: string, external: boolean, endpoint: Endpoint): boolean {
  if (endpoint.kind === 'workload') return !external && connectionRef === endpoint.ref;
  if (endpoint.kind === 'replicas') return !external && endpoint.replicas.some((r) => r.ref === connectionRef);
  if (!external) return false;
  const peer = endpointOf(analysis, connectionRef, true);
  return peer.kind === 'external' && overlapsAddresses(peer.addresses, endpoint.addresses);
}
