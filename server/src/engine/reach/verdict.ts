// Verdicts with reasons: can one endpoint connect to another, and which policies and
// rules decide it.
import { overlapsAddresses, type AddressSet } from '../cidrSet';
import type { Direction } from '../policy';
import {
  ALL,
  formatConnectionSet,
  intersect,
  isEmpty,
  NONE,
  toCanonicalJson,
  union,
  type CanonicalConnectionSet,
  type ConnectionSet,
} from '../ports';
import { notModelledSentence, type ForeignDirection, type NotModelledPolicy } from '../foreignPolicies';
import type { Range } from '../types';
import { rulePortsTo, type ClassSide, type CompiledRule, type WorkloadClass } from './model';
import { describeIsolation, describeRule } from './describe';
import type { Endpoint } from './endpoints';

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
  /** Policies of other kinds governing the source's egress or the destination's ingress: the cluster may decide differently. */
  notModelled: NotModelledOnSide[];
}

/** A policy this analysis does not model, on the side of the verdict it governs. */
export interface NotModelledOnSide extends NotModelledPolicy {
  /** The workload it governs. */
  workload: string;
  direction: ForeignDirection;
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
  const notModelled = [...notModelledOn(from, 'egress'), ...notModelledOn(to, 'ingress')];
  const summary = summarize(from, to, egress, ingress, end, port?.text);
  return {
    from: peerInfo(from),
    to: peerInfo(to),
    ...(port ? { port: port.text } : {}),
    allowed,
    ports: toCanonicalJson(end),
    portsText: formatConnectionSet(end),
    egress,
    ingress,
    summary: [summary, ...notModelledSentences(notModelled)].join(' '),
    notModelled,
  };
}

/** "default/deathstar[Deployment] is also governed by CiliumNetworkPolicy default/rule1, which ...", per end. */
function notModelledSentences(notModelled: readonly NotModelledOnSide[]): string[] {
  const ends = [...new Set(notModelled.map((entry) => entry.workload))];
  return ends.map((end) => `${end} is ${notModelledSentence(notModelled.filter((entry) => entry.workload === end))}.`);
}

/** The foreign policies governing one end of a connection in this direction. */
function notModelledOn(endpoint: Endpoint, direction: ForeignDirection): NotModelledOnSide[] {
  if (endpoint.kind !== 'workload') return [];
  return (endpoint.notModelled ?? [])
    .filter((entry) => entry.directions.includes(direction))
    .map((entry) => ({ ...entry, workload: endpoint.ref, direction }));
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
