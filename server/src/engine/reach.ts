// Reachability: who may connect to whom, on which ports, and why.
//
// The analysis (reach/analysis.ts) groups workloads into classes and compiles rules
// into sets of peer classes. Here connections are enumerated from the sets, never by
// testing every pair: a source reaches the destinations its egress names, or, when
// its egress is open, the destinations whose ingress is open or names it.
//
// External peers (outside the cluster): manifests carry no pod IPs, so ipBlocks
// only match outside addresses. A workload's outbound external connections are what
// its egress allows to addresses: one entry per ipBlock written in an allowing rule
// (ref = the block's text, e.g. `203.0.113.0/24 except 203.0.113.128/25`), or
// `0.0.0.0/0` and `::/0` when egress is open or a rule allows every destination.
// Inbound external connections are what its ingress allows from addresses, alike.
// Nothing outside the cluster is subject to NetworkPolicies, so only the workload's
// side counts. Named ports never resolve on an external address.
import { containsAddresses, NO_ADDRESSES, overlapsAddresses, parseAddressOrCidr, type AddressSet } from './cidrSet';
import type { Direction } from './policy';
import {
  ALL,
  formatConnectionSet,
  intersect,
  isEmpty,
  isSubset,
  NONE,
  parsePortSpec,
  toCanonicalJson,
  union,
  type CanonicalConnectionSet,
  type ConnectionSet,
} from './ports';
import { contains } from './ranges';
import type { Position, Range } from './types';
import { compareStrings } from './selectors';
import type { Workload } from './workloads';
import { parseWorkloadRef } from './workloadRef';
import {
  analyseWorkspace,
  forgetPredecessor,
  predecessorOf,
  rulePortsTo,
  WORLD_BLOCKS,
  type ClassSide,
  type CompiledRule,
  type ReachAnalysis,
  type ReachOptions,
  type WorkloadClass,
} from './reach/analysis';
import { describeIsolation, describeRule } from './reach/describe';
import type { Workspace } from './workspace';

export { analyseWorkspace, type ReachAnalysis, type ReachOptions, type LeftOutPolicyInfo } from './reach/analysis';

/** A connection between two refs (workload refs, or an external block's text). */
export interface ReachConnection {
  from: string;
  to: string;
  /** Which side is outside the cluster, if one is. */
  external?: 'from' | 'to';
  ports: ConnectionSet;
}

// ---- one direction of one class towards a peer ---------------------------------------

/** What a's egress allows to class b (ports resolved on b). */
export function egressTo(a: WorkloadClass, b: WorkloadClass): ConnectionSet {
  if (a.egress.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of a.egress.rules) {
    if (rule.everyone || rule.classes.has(b.id)) ports = union(ports, rulePortsTo(rule, b.ports));
  }
  return ports;
}

/** What b's ingress allows from class a (ports resolved on b). */
export function ingressFrom(b: WorkloadClass, a: WorkloadClass): ConnectionSet {
  if (b.ingress.isolating.length === 0) return ALL;
  let ports = NONE;
  for (const rule of b.ingress.rules) {
    if (rule.everyone || rule.classes.has(a.id)) ports = union(ports, rulePortsTo(rule, b.ports));
  }
  return ports;
}

/** External blocks a side allows and on which ports (`destinationPorts`: [] for egress to an address, the class's own for ingress). */
function externalBlocks(side: ClassSide, destinationPorts: WorkloadClass['ports'] | []): Map<string, ConnectionSet> {
  const out = new Map<string, ConnectionSet>();
  if (side.isolating.length === 0) {
    for (const block of WORLD_BLOCKS) out.set(block.text, ALL);
    return out;
  }
  const addresses = new Map<string, AddressSet>();
  for (const rule of side.rules) {
    if (rule.blocks.length === 0) continue;
    const ports = rulePortsTo(rule, destinationPorts);
    if (isEmpty(ports)) continue;
    for (const block of rule.blocks) {
      out.set(block.text, union(out.get(block.text) ?? NONE, ports));
      addresses.set(block.text, block.addresses);
    }
  }
  return withoutImpliedBlocks(out, addresses);
}

/**
 * Drops a block whose every address another listed block allows on at least the same
 * ports: "10.0.0.0/8 on TCP 443" says nothing once "0.0.0.0/0 on all ports" is listed
 * (an allow-all rule beside an ipBlock rule). Of two blocks with the same addresses
 * and ports, the first by text stays. What is left still lists every allowed address.
 */
function withoutImpliedBlocks(
  blocks: Map<string, ConnectionSet>,
  addresses: ReadonlyMap<string, AddressSet>,
): Map<string, ConnectionSet> {
  if (blocks.size < 2) return blocks;
  const entries = [...blocks].sort(([a], [b]) => compareStrings(a, b));
  const implies = (outer: string, outerPorts: ConnectionSet, inner: string, innerPorts: ConnectionSet): boolean =>
    containsAddresses(addresses.get(outer)!, addresses.get(inner)!) && isSubset(innerPorts, outerPorts);
  const kept = entries.filter(
    ([text, ports], i) =>
      !entries.some(
        ([other, otherPorts], j) =>
          j !== i && implies(other, otherPorts, text, ports) && (j < i || !implies(text, ports, other, otherPorts)),
      ),
  );
  return kept.length === blocks.size ? blocks : new Map(kept);
}

// ---- the whole matrix ----------------------------------------------------------------

type ClassMatrix = Map<number, Map<number, ConnectionSet>>;

const classMatrices = new WeakMap<ReachAnalysis, ClassMatrix>();

/**
 * Destination classes per source class with the ports allowed end to end; only
 * non-empty entries. After a policy edit (same classes as the previous analysis),
 * only the rows the changed sides can touch are recomputed: rows of classes whose
 * egress changed, and, for a class whose ingress changed, the rows of the classes
 * its old or new ingress rules name (a change to or from "accepts everyone"
 * recomputes everything).
 */
export function classMatrix(analysis: ReachAnalysis): ClassMatrix {
  const cached = classMatrices.get(analysis);
  if (cached) return cached;
  const previous = predecessorOf(analysis);
  const previousMatrix = previous && classMatrices.get(previous);
  forgetPredecessor(analysis);
  const matrix =
    previous && previousMatrix ? updateMatrix(analysis, previous, previousMatrix) : computeRows(analysis, undefined, new Map());
  classMatrices.set(analysis, matrix);
  return matrix;
}

const acceptsEveryone = (b: WorkloadClass): boolean =>
  b.ingress.isolating.length === 0 || b.ingress.rules.some((r) => r.everyone);
const egressToEveryone = (a: WorkloadClass): boolean => a.egress.isolating.length === 0 || a.egress.rules.some((r) => r.everyone);

function sameSide(x: ClassSide, y: ClassSide): boolean {
  return (
    x.isolating.length === y.isolating.length &&
    x.rules.length === y.rules.length &&
    x.isolating.every((p, i) => p === y.isolating[i]) &&
    x.rules.every((r, i) => r === y.rules[i])
  );
}

function updateMatrix(analysis: ReachAnalysis, previous: ReachAnalysis, previousMatrix: ClassMatrix): ClassMatrix {
  const { classes } = analysis;
  const rows = new Set<number>();
  for (const b of classes) {
    const old = previous.classes[b.id];
    if (!sameSide(old.egress, b.egress)) rows.add(b.id);
    if (sameSide(old.ingress, b.ingress)) continue;
    if (acceptsEveryone(b) || acceptsEveryone(old)) return computeRows(analysis, undefined, new Map());
    // Only classes that B's old or new ingress rules name can see a different answer from B.
    for (const rule of [...old.ingress.rules, ...b.ingress.rules]) for (const a of rule.classes) rows.add(a);
  }
  const matrix: ClassMatrix = new Map(previousMatrix);
  for (const id of rows) matrix.delete(id);
  return computeRows(analysis, rows, matrix);
}

/** Computes the rows of `only` (every class when undefined) into `matrix`. */
function computeRows(analysis: ReachAnalysis, only: ReadonlySet<number> | undefined, matrix: ClassMatrix): ClassMatrix {
  const { classes } = analysis;
  const acceptAll: WorkloadClass[] = [];
  const allowers = new Map<number, Set<number>>();
  for (const b of classes) {
    if (acceptsEveryone(b)) {
      acceptAll.push(b);
      continue;
    }
    for (const rule of b.ingress.rules) {
      for (const a of rule.classes) {
        if (only && !only.has(a)) continue;
        let set = allowers.get(a);
        if (!set) allowers.set(a, (set = new Set()));
        set.add(b.id);
      }
    }
  }
  for (const a of only ? [...only].map((id) => classes[id]) : classes) {
    const row = new Map<number, ConnectionSet>();
    const consider = (b: WorkloadClass): void => {
      if (row.has(b.id)) return;
      const ports = intersect(egressTo(a, b), ingressFrom(b, a));
      if (!isEmpty(ports)) row.set(b.id, ports);
    };
    if (egressToEveryone(a)) {
      for (const b of acceptAll) consider(b);
      for (const id of allowers.get(a.id) ?? []) consider(classes[id]);
    } else {
      for (const rule of a.egress.rules) for (const id of rule.classes) consider(classes[id]);
    }
    if (row.size > 0) matrix.set(a.id, row);
  }
  return matrix;
}

const matrices = new WeakMap<ReachAnalysis, ReachConnection[]>();

/** Every connection with something allowed, workloads and external blocks, sorted by from then to; a workload to itself is left out. */
export function reachConnections(analysis: ReachAnalysis): ReachConnection[] {
  const cached = matrices.get(analysis);
  if (cached) return cached;
  const matrix = classMatrix(analysis);
  const outgoing = new Map<string, ReachConnection[]>();
  const inbound = new Map<string, ReachConnection[]>();
  for (const a of analysis.classes) {
    const outside = externalBlocks(a.egress, []);
    expandRow(analysis, a, matrix.get(a.id), outside).forEach((list, i) => outgoing.set(a.members[i].ref, list));
    for (const [block, ports] of externalBlocks(a.ingress, a.ports)) {
      const list = inbound.get(block) ?? [];
      for (const to of a.members) list.push({ from: block, to: to.ref, external: 'from', ports });
      inbound.set(block, list);
    }
  }
  // Sorted by from, then to: workload refs are in order already; external sources are merged in.
  const connections: ReachConnection[] = [];
  const blocks = [...inbound.keys()].sort(compareStrings);
  let next = 0;
  for (const workload of analysis.workloads) {
    for (; next < blocks.length && compareStrings(blocks[next], workload.ref) < 0; next++)
      connections.push(...inbound.get(blocks[next])!.sort(byTo));
    for (const connection of outgoing.get(workload.ref) ?? []) connections.push(connection);
  }
  for (; next < blocks.length; next++) connections.push(...inbound.get(blocks[next])!.sort(byTo));
  matrices.set(analysis, connections);
  return connections;
}

const byTo = (x: ReachConnection, y: ReachConnection): number => compareStrings(x.to, y.to);

/** Per row of the class matrix (rows survive a policy edit that does not touch them): the members' outgoing connections, sorted by `to`. */
const expansions = new WeakMap<Map<number, ConnectionSet>, { outside: string; byMember: ReachConnection[][] }>();

function expandRow(
  analysis: ReachAnalysis,
  a: WorkloadClass,
  row: Map<number, ConnectionSet> | undefined,
  outside: Map<string, ConnectionSet>,
): ReachConnection[][] {
  const signature = [...outside].map(([block, ports]) => `${block} ${formatConnectionSet(ports)}`).join('\n');
  const known = row && expansions.get(row);
  if (known && known.outside === signature) return known.byMember;
  const byMember = a.members.map((from) => {
    const list: ReachConnection[] = [];
    for (const [id, ports] of row ?? []) {
      for (const to of analysis.classes[id].members) if (to !== from) list.push({ from: from.ref, to: to.ref, ports });
    }
    for (const [block, ports] of outside) list.push({ from: from.ref, to: block, external: 'to', ports });
    return list.sort(byTo);
  });
  if (row) expansions.set(row, { outside: signature, byMember });
  return byMember;
}

/** The full reach of a workspace: its analysis and every connection. */
export function reach(
  workspace: Workspace,
  options: ReachOptions = {},
): { analysis: ReachAnalysis; connections: ReachConnection[] } {
  const analysis = analyseWorkspace(workspace, options);
  return { analysis, connections: reachConnections(analysis) };
}

// ---- endpoints -------------------------------------------------------------------------

export type Endpoint =
  | { kind: 'workload'; ref: string; workload: Workload; workloadClass: WorkloadClass }
  | { kind: 'external'; ref: string; addresses: AddressSet };

/**
 * Reads a ref: `namespace/name[Kind]`, `namespace/name` when one workload has that
 * namespace and name, or an address / CIDR for a peer outside the cluster.
 */
export function resolveEndpoint(analysis: ReachAnalysis, text: string): Endpoint | { error: string } {
  const addresses = parseAddressOrCidr(text);
  if (addresses) return { kind: 'external', ref: text, addresses };
  const parts = parseWorkloadRef(text);
  const found = parts
    ? analysis.workloads.filter(
        (w) => w.namespace === parts.namespace && w.name === parts.name && (parts.kind === undefined || w.kind === parts.kind),
      )
    : [];
  if (found.length === 1) {
    const workload = found[0];
    return { kind: 'workload', ref: workload.ref, workload, workloadClass: analysis.classOf.get(workload.ref)! };
  }
  if (found.length > 1) return { error: `"${text}" is ambiguous: ${found.map((w) => w.ref).join(', ')}` };
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

// ---- the questions the adapters ask ---------------------------------------------------

/** The port an explanation is asked about: the text as the user wrote it, and what it means. */
export interface ExplainPort {
  text: string;
  set: ConnectionSet;
}

/** Why an explanation cannot be given; adapters word some kinds their own way. */
export interface ExplainProblem {
  kind: 'unknown-from' | 'unknown-to' | 'both-external' | 'bad-port';
  message: string;
}

export function parseExplainPort(text: string): ExplainPort | { problem: ExplainProblem } {
  const parsed = parsePortSpec(text);
  if ('error' in parsed) return { problem: { kind: 'bad-port', message: parsed.error } };
  return { text, set: parsed.set };
}

/**
 * The inputs of explainConnection from the refs and port a user typed. Checked in
 * this order: from, to, that one end is a workload (nothing outside the cluster is
 * subject to NetworkPolicies), then the port (undefined: any port).
 */
export function prepareExplain(
  analysis: ReachAnalysis,
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

export function filterConnections(
  analysis: ReachAnalysis,
  connections: readonly ReachConnection[],
  filter: ConnectionFilter,
): ReachConnection[] {
  const { namespace, from, to } = filter;
  const inNamespace = (ref: string, external: boolean): boolean => !external && ref.startsWith(`${namespace}/`);
  return connections.filter(
    (c) =>
      (namespace === undefined || inNamespace(c.from, c.external === 'from') || inNamespace(c.to, c.external === 'to')) &&
      (from === undefined || endMatches(analysis, c.from, c.external === 'from', from)) &&
      (to === undefined || endMatches(analysis, c.to, c.external === 'to', to)),
  );
}

/** A workload end matches only that workload; an address end matches external blocks that share an address with it. */
function endMatches(analysis: ReachAnalysis, connectionRef: string, external: boolean, endpoint: Endpoint): boolean {
  if (endpoint.kind === 'workload') return !external && connectionRef === endpoint.ref;
  if (!external) return false;
  const peer = endpointOf(analysis, connectionRef, true);
  return peer.kind === 'external' && overlapsAddresses(peer.addresses, endpoint.addresses);
}

// ---- verdicts with reasons --------------------------------------------------------------

export interface SourceLocationRef {
  uri: string;
  range: Range;
}

/** A policy or rule taking part in a verdict (the shape of protocol.ts `Reason`). */
export interface ReachReason {
  policy: string;
  direction: Direction;
  ruleIndex?: number;
  description: string;
  location: SourceLocationRef;
}

export interface ReachSide {
  isolated: boolean;
  isolatingPolicies: ReachReason[];
  allowingRules: ReachReason[];
  allowed: CanonicalConnectionSet;
}

export interface ReachPeerInfo {
  kind: 'workload' | 'external';
  ref: string;
  location?: SourceLocationRef;
}

/** The shape of protocol.ts `ExplainResult`. */
export interface ReachVerdict {
  from: ReachPeerInfo;
  to: ReachPeerInfo;
  port?: string;
  allowed: boolean;
  ports: CanonicalConnectionSet;
  portsText: string;
  egress: ReachSide;
  ingress: ReachSide;
  summary: string;
}

export function peerInfo(endpoint: Endpoint): ReachPeerInfo {
  if (endpoint.kind === 'external') return { kind: 'external', ref: endpoint.ref };
  const source = endpoint.workload.sources[0];
  return { kind: 'workload', ref: endpoint.ref, location: { uri: source.uri, range: source.range } };
}

/**
 * Can `from` connect to `to` (on `port`, or on any port), and why: the source's
 * egress side and the destination's ingress side, each with the policies that
 * isolate it and the rules that allow (some of) the traffic.
 */
export function explainConnection(from: Endpoint, to: Endpoint, port?: { text: string; set: ConnectionSet }): ReachVerdict {
  const asked = port?.set ?? ALL;
  const destinationPorts = to.kind === 'workload' ? to.workloadClass.ports : [];
  const egress: ReachSide =
    from.kind === 'workload'
      ? side(from.workloadClass.egress, 'egress', to, destinationPorts, asked)
      : { isolated: false, isolatingPolicies: [], allowingRules: [], allowed: toCanonicalJson(asked) };
  const ingress: ReachSide =
    to.kind === 'workload'
      ? side(to.workloadClass.ingress, 'ingress', from, destinationPorts, asked)
      : { isolated: false, isolatingPolicies: [], allowingRules: [], allowed: toCanonicalJson(asked) };
  const end = intersect(sideSet(from, to, 'egress', asked), sideSet(to, from, 'ingress', asked));
  const allowed = !isEmpty(end);
  return {
    from: peerInfo(from),
    to: peerInfo(to),
    ...(port ? { port: port.text } : {}),
    allowed,
    ports: toCanonicalJson(end),
    portsText: formatConnectionSet(end),
    egress,
    ingress,
    summary: summarize(from, to, egress, ingress, end, port?.text),
  };
}

/** What one side allows between the two endpoints, restricted to `asked`. */
function sideSet(self: Endpoint, other: Endpoint, direction: Direction, asked: ConnectionSet): ConnectionSet {
  if (self.kind === 'external') return asked;
  const destinationPorts =
    direction === 'egress' ? (other.kind === 'workload' ? other.workloadClass.ports : []) : self.workloadClass.ports;
  return intersect(allowedBy(self.workloadClass[direction], other, destinationPorts).ports, asked);
}

function allowedBy(
  sideOfClass: ClassSide,
  other: Endpoint,
  destinationPorts: WorkloadClass['ports'],
): { ports: ConnectionSet; rules: CompiledRule[] } {
  if (sideOfClass.isolating.length === 0) return { ports: ALL, rules: [] };
  if (other.kind === 'external') return allowedForAddresses(sideOfClass, other.addresses, destinationPorts);
  let ports = NONE;
  const rules: CompiledRule[] = [];
  for (const rule of sideOfClass.rules) {
    if (!rule.everyone && !rule.classes.has(other.workloadClass.id)) continue;
    const rulePorts = rulePortsTo(rule, destinationPorts);
    if (isEmpty(rulePorts)) continue;
    ports = union(ports, rulePorts);
    rules.push(rule);
  }
  return { ports, rules };
}

/**
 * The ports allowed for EVERY address of a range: the range is cut where any rule's
 * block starts or ends, each piece gets the union of the rules whose blocks hold
 * it, and the pieces are intersected. So two rules covering halves of a range
 * together allow it, on the ports both halves allow.
 */
function allowedForAddresses(
  sideOfClass: ClassSide,
  addresses: AddressSet,
  destinationPorts: WorkloadClass['ports'],
): { ports: ConnectionSet; rules: CompiledRule[] } {
  const candidates = sideOfClass.rules.filter((rule) =>
    rule.blocks.some((block) => overlapsAddresses(block.addresses, addresses)),
  );
  let ports: ConnectionSet | undefined;
  for (const family of ['v4', 'v6'] as const) {
    const blockIntervals = candidates.map((rule) => ({
      rule,
      intervals: rule.blocks.flatMap((block) => block.addresses[family]),
    }));
    for (const [first, last] of addresses[family]) {
      const cuts = new Set<bigint>([first]);
      for (const { intervals } of blockIntervals) {
        for (const [blockFirst, blockLast] of intervals) {
          if (blockFirst > first && blockFirst <= last) cuts.add(blockFirst);
          if (blockLast + 1n > first && blockLast + 1n <= last) cuts.add(blockLast + 1n);
        }
      }
      // Pieces never cross a block boundary, so a block holding a piece's first address holds all of it.
      for (const start of cuts) {
        let piece = NONE;
        for (const { rule, intervals } of blockIntervals) {
          if (intervals.some(([blockFirst, blockLast]) => blockFirst <= start && start <= blockLast))
            piece = union(piece, rulePortsTo(rule, destinationPorts));
        }
        ports = ports === undefined ? piece : intersect(ports, piece);
        if (isEmpty(ports)) return { ports: NONE, rules: [] };
      }
    }
  }
  const allowed = ports ?? NONE;
  return {
    ports: allowed,
    rules: candidates.filter((rule) => !isEmpty(intersect(rulePortsTo(rule, destinationPorts), allowed))),
  };
}

function side(
  sideOfClass: ClassSide,
  direction: Direction,
  other: Endpoint,
  destinationPorts: WorkloadClass['ports'],
  asked: ConnectionSet,
): ReachSide {
  const isolated = sideOfClass.isolating.length > 0;
  const isolatingPolicies: ReachReason[] = sideOfClass.isolating.map((policy) => ({
    policy: policy.ref,
    direction,
    description: describeIsolation(policy, direction),
    location: { uri: policy.model.uri, range: policy.model.nameRange },
  }));
  const { ports, rules } = allowedBy(sideOfClass, other, destinationPorts);
  const allowingRules: ReachReason[] = [];
  const seen = new Set<CompiledRule['rule']>();
  for (const rule of rules) {
    if (seen.has(rule.rule)) continue;
    seen.add(rule.rule);
    const granted = intersect(rulePortsTo(rule, destinationPorts), asked);
    if (isEmpty(granted)) continue;
    // A named port means something only on a destination: say what it is here.
    const resolved = rule.fixedPorts ? '' : ` (here ${formatConnectionSet(granted)})`;
    allowingRules.push({
      policy: rule.policy.ref,
      direction,
      ruleIndex: rule.rule.index,
      description: describeRule(rule.rule, rule.policy.model.namespace) + resolved,
      location: { uri: rule.policy.model.uri, range: rule.rule.range },
    });
  }
  return { isolated, isolatingPolicies, allowingRules, allowed: toCanonicalJson(intersect(isolated ? ports : ALL, asked)) };
}

function summarize(
  from: Endpoint,
  to: Endpoint,
  egress: ReachSide,
  ingress: ReachSide,
  end: ConnectionSet,
  port: string | undefined,
): string {
  const what = port ? `on ${port}` : '';
  if (!isEmpty(end)) {
    const ports = `on ${formatConnectionSet(end)}`;
    return `${from.ref} may connect to ${to.ref} ${ports}.`;
  }
  const blocked: string[] = [];
  if (egress.allowed !== 'all' && egress.allowed.length === 0) blocked.push(`the egress of ${from.ref} does not allow it`);
  if (ingress.allowed !== 'all' && ingress.allowed.length === 0) blocked.push(`the ingress of ${to.ref} does not allow it`);
  if (blocked.length === 0) blocked.push('the ports the two sides allow do not overlap');
  return `${from.ref} may not connect to ${to.ref}${what ? ` ${what}` : ''}: ${blocked.join(' and ')}.`;
}

// ---- per workload ----------------------------------------------------------------------

const byWorkload = new WeakMap<ReachAnalysis, Map<string, { inbound: ReachConnection[]; outbound: ReachConnection[] }>>();

/** Connections into and out of one workload (reasons come from explainConnection, per peer). */
export function connectionsOf(analysis: ReachAnalysis, ref: string): { inbound: ReachConnection[]; outbound: ReachConnection[] } {
  let index = byWorkload.get(analysis);
  if (!index) {
    index = new Map();
    const entry = (key: string) => {
      let found = index!.get(key);
      if (!found) index!.set(key, (found = { inbound: [], outbound: [] }));
      return found;
    };
    for (const connection of reachConnections(analysis)) {
      if (connection.external !== 'from') entry(connection.from).outbound.push(connection);
      if (connection.external !== 'to') entry(connection.to).inbound.push(connection);
    }
    byWorkload.set(analysis, index);
  }
  return index.get(ref) ?? { inbound: [], outbound: [] };
}

/** The endpoint a connection's peer ref names (a workload of the analysis, or an external block). */
export function endpointOf(analysis: ReachAnalysis, ref: string, external: boolean): Endpoint {
  if (external) return { kind: 'external', ref, addresses: analysis.blocks.get(ref) ?? parseAddressOrCidr(ref) ?? NO_ADDRESSES };
  const workloadClass = analysis.classOf.get(ref)!;
  const workload = workloadClass.members.find((w) => w.ref === ref)!;
  return { kind: 'workload', ref, workload, workloadClass };
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
