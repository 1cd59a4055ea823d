// Verdicts with reasons: can one endpoint connect to another, and which policies and
// rules decide it.
import { overlapsAddresses, type AddressSet } from '../cidrSet';
import type { Direction } from '../policy';
import {
  ALL,
  formatConnectionSet,
  fromCanonicalJson,
  fromIntervals,
  intersect,
  isEmpty,
  NONE,
  PROTOCOLS,
  toCanonicalJson,
  union,
  type CanonicalConnectionSet,
  type ConnectionSet,
} from '../ports';
import { notModelledSentence, type ForeignDirection, type NotModelledPolicy } from '../foreignPolicies';
import type { Range } from '../types';
import { rulePortsTo, type ClassSide, type CompiledRule, type WorkloadClass } from './model';
import { describeIsolation, describeRule, HOST_NETWORK_NOTE, REPLICA_REASON, SELF_RULE, withCaveat } from './describe';
import type { Endpoint, SingleEndpoint, WorkloadEndpoint } from './endpoints';

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
  /**
   * Egress rules that match the outside address asked about but name a port: a name is
   * looked up on the destination pod, and an address outside the cluster has none, so
   * those ports allow nothing there (NP2011). Absent when there are none.
   */
  unresolvedRules?: ReachReason[];
}

/** One replica pair's answer, when a StatefulSet analysed per replica was named without an ordinal. */
export interface ReplicaVerdict {
  from: string;
  to: string;
  allowed: boolean;
  portsText: string;
  summary: string;
}

export interface ReachPeerInfo {
  kind: 'workload' | 'external';
  ref: string;
  location?: SourceLocationRef;
  /** Its pods use the node's network: NetworkPolicies do not decide its traffic. */
  hostNetwork?: true;
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
  /**
   * About the port asked: the protocol assumed when none was given, and the other
   * protocols allowed end to end on the same ports ("asked 53/TCP (no protocol given,
   * TCP assumed); UDP 53 is allowed"); the summary ends with it too.
   */
  portNote?: string;
  /** What the verdict rests on beyond the policies: a pod to itself, hostNetwork pods, one replica of several. */
  notes?: string[];
  /** Set when the answer differs per replica: each replica pair's answer (`allowed`/`ports` are then what every pair allows). */
  perReplica?: ReplicaVerdict[];
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
  const { workload } = endpoint.kind === 'replicas' ? endpoint.replicas[0] : endpoint;
  const source = workload.sources[0];
  return {
    kind: 'workload',
    ref: endpoint.ref,
    location: { uri: source.uri, range: source.range },
    ...(workload.hostNetwork ? { hostNetwork: true as const } : {}),
  };
}

/**
 * Can `from` connect to `to` (on `port`, or on any port), and why: the source's
 * egress side and the destination's ingress side, each with the policies that
 * isolate it and the rules that allow (some of) the traffic.
 */
export function explainConnection(
  from: Endpoint,
  to: Endpoint,
  port?: { text: string; set: ConnectionSet; protocolGiven?: boolean },
): ReachVerdict {
  if (from.kind === 'replicas' || to.kind === 'replicas') return explainReplicas(from, to, port);
  const verdict = explainPair(from, to, port);
  const notes = [...selfNotes(from, to), ...hostNetworkNotes(from, to), ...notModelledNotes(from, to)];
  return notes.length > 0 ? { ...verdict, notes } : verdict;
}

/** One pod: a bare Pod, one replica, or a controller with replicas: 1. */
const onePod = (endpoint: WorkloadEndpoint): boolean => endpoint.workload.replicas === 1;

const isSelf = (from: Endpoint, to: Endpoint): boolean =>
  from.kind === 'workload' && to.kind === 'workload' && from.ref === to.ref;

function selfNotes(from: Endpoint, to: Endpoint): string[] {
  if (!isSelf(from, to) || from.kind !== 'workload') return [];
  if (onePod(from)) return [`${from.ref} to itself: ${SELF_RULE}; the sides below are not consulted.`];
  const pods = from.workload.replicas === undefined ? 'may have several pods' : `has ${from.workload.replicas} pods`;
  return [
    `${from.ref} ${pods}: this verdict is for one of its pods to another; each pod to itself is always allowed (${SELF_RULE}).`,
  ];
}

function hostNetworkNotes(...endpoints: Endpoint[]): string[] {
  const refs = new Set<string>();
  for (const endpoint of endpoints) if (endpoint.kind === 'workload' && endpoint.workload.hostNetwork) refs.add(endpoint.ref);
  return [...refs].map((ref) => `${ref} ${HOST_NETWORK_NOTE}`);
}

function notModelledNotes(...endpoints: Endpoint[]): string[] {
  const notes = new Set<string>();
  for (const endpoint of endpoints)
    if (endpoint.kind === 'workload')
      for (const note of endpoint.workloadClass.notModelled) notes.add(`${endpoint.ref}: ${note}`);
  return [...notes];
}

/** A StatefulSet analysed per replica, named without an ordinal: one answer per replica pair, or one when they all agree. */
function explainReplicas(
  from: Endpoint,
  to: Endpoint,
  port: { text: string; set: ConnectionSet; protocolGiven?: boolean } | undefined,
): ReachVerdict {
  const ends = (endpoint: Endpoint): Endpoint[] => (endpoint.kind === 'replicas' ? endpoint.replicas : [endpoint]);
  const verdicts = ends(from).flatMap((f) => ends(to).map((t) => explainConnection(f, t, port)));
  const group = from.kind === 'replicas' ? from : (to as Extract<Endpoint, { kind: 'replicas' }>);
  const first = verdicts[0];
  // What any pair says beyond its own answer holds for the group: policies of other kinds, notes, the port asked.
  const notModelled = uniqueBy(
    verdicts.flatMap((v) => v.notModelled),
    (entry) => `${entry.workload}\0${entry.direction}\0${entry.title}\0${entry.location.uri}\0${entry.location.range.start.line}`,
  );
  const notes = [...new Set(verdicts.flatMap((v) => v.notes ?? []))];
  // The protocol assumed is the same for every pair; which other protocols are allowed may differ per pair.
  const portNotes = new Set(verdicts.map((v) => v.portNote));
  const assumed = first.portNote?.split('; ')[0];
  const sharedPortNote =
    portNotes.size === 1
      ? first.portNote
      : assumed?.startsWith('asked ') && verdicts.every((v) => v.portNote?.split('; ')[0] === assumed)
        ? assumed
        : undefined;
  const extra = [
    ...(sharedPortNote ? [`${sharedPortNote[0].toUpperCase()}${sharedPortNote.slice(1)}.`] : []),
    ...notModelledSentences(notModelled),
  ];
  const { portNote: _ignored, ...firstWithoutPortNote } = first;
  const base = {
    ...firstWithoutPortNote,
    from: peerInfo(from),
    to: peerInfo(to),
    notModelled,
    ...(sharedPortNote ? { portNote: sharedPortNote } : {}),
  };
  const count = `${group.replicas.length} replicas`;
  const alike = verdicts.every((v) => v.allowed === first.allowed && v.portsText === first.portsText);
  const perPolicy = `${group.ref} is analysed per replica (${count}): ${REPLICA_REASON}`;
  if (alike) {
    const summary = first.allowed
      ? `${from.ref} may connect to ${to.ref} on ${first.portsText}, for every replica.`
      : `${from.ref} may not connect to ${to.ref}${port ? ` on ${port.text}` : ''}, for any replica.`;
    return {
      ...base,
      summary: [summary, ...extra].join(' '),
      notes: [
        `${perPolicy}; every replica answers alike, the sides below are those of ${first.from.ref} -> ${first.to.ref}.`,
        ...notes,
      ],
    };
  }
  let end = ALL;
  for (const verdict of verdicts) end = intersect(end, fromCanonicalJson(verdict.ports) ?? NONE);
  const answers = verdicts.map((v) => `${v.from.ref} -> ${v.to.ref}: ${v.allowed ? `allowed on ${v.portsText}` : 'denied'}`);
  return {
    ...base,
    allowed: !isEmpty(end) && verdicts.every((v) => v.allowed),
    ports: toCanonicalJson(end),
    portsText: formatConnectionSet(end),
    summary: [
      `The answer differs per replica of ${group.ref}: ${answers.join('; ')}. Ask about one replica (e.g. ${group.replicas[0].ref}) for its reasons.`,
      ...extra,
    ].join(' '),
    notes: [`${perPolicy}; the sides below are those of ${first.from.ref} -> ${first.to.ref}.`, ...notes],
    perReplica: verdicts.map((v) => ({
      from: v.from.ref,
      to: v.to.ref,
      allowed: v.allowed,
      portsText: v.portsText,
      summary: v.summary,
    })),
  };
}

function explainPair(
  from: SingleEndpoint,
  to: SingleEndpoint,
  port?: { text: string; set: ConnectionSet; protocolGiven?: boolean },
): ReachVerdict {
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
  const self = isSelf(from, to) && from.kind === 'workload' && onePod(from);
  const end = self ? asked : intersect(sideSet(from, to, 'egress', asked), sideSet(to, from, 'ingress', asked));
  const allowed = !isEmpty(end);
  // A pod to itself is allowed on every port: no other protocol to point at.
  const note = port && !self ? portNote(from, to, port) : undefined;
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
    summary: [
      self
        ? `${from.ref} may connect to itself on ${formatConnectionSet(end)}: a pod cannot block access to itself.`
        : note
          ? `${summary} ${note[0].toUpperCase()}${note.slice(1)}.`
          : summary,
      ...notModelledSentences(notModelled),
      ...adjustedSentences(from, to),
    ].join(' '),
    ...(note ? { portNote: note } : {}),
    notModelled,
  };
}

/**
 * `--port 53` means 53/TCP, as a NetworkPolicy port without protocol does; say so,
 * and say which other protocols the two sides allow on the same ports, since that
 * is often what was meant (DNS is UDP first).
 */
function portNote(
  from: SingleEndpoint,
  to: SingleEndpoint,
  port: { text: string; set: ConnectionSet; protocolGiven?: boolean },
): string | undefined {
  const protocol = PROTOCOLS.find((p) => port.set[p].length > 0);
  if (protocol === undefined) return undefined;
  const intervals = port.set[protocol];
  const elsewhere = PROTOCOLS.filter((other) => other !== protocol).flatMap((other) => {
    const same = fromIntervals(other, intervals);
    const end = intersect(sideSet(from, to, 'egress', same), sideSet(to, from, 'ingress', same));
    return isEmpty(end) ? [] : [formatConnectionSet(end)];
  });
  const parts: string[] = [];
  if (port.protocolGiven === false) parts.push(`asked ${port.text.trim()}/${protocol} (no protocol given, ${protocol} assumed)`);
  if (elsewhere.length > 0) parts.push(`${elsewhere.join(' and ')} ${elsewhere.length === 1 ? 'is' : 'are'} allowed`);
  return parts.length > 0 ? parts.join('; ') : undefined;
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
function sideSet(self: SingleEndpoint, other: SingleEndpoint, direction: Direction, asked: ConnectionSet): ConnectionSet {
  if (self.kind === 'external') return asked;
  const destinationPorts =
    direction === 'egress' ? (other.kind === 'workload' ? other.workloadClass.ports : []) : self.workloadClass.ports;
  return intersect(allowedBy(self.workloadClass[direction], other, destinationPorts).ports, asked);
}

function allowedBy(
  sideOfClass: ClassSide,
  other: SingleEndpoint,
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
  other: SingleEndpoint,
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
      description: withCaveat(describeRule(rule.rule, rule.policy.model.namespace) + resolved, rule.policy),
      location: { uri: rule.policy.model.uri, range: rule.rule.range },
    });
  }
  const unresolvedRules = direction === 'egress' && other.kind === 'external' ? namedPortsToAddress(sideOfClass, other) : [];
  return {
    isolated,
    isolatingPolicies,
    allowingRules,
    allowed: toCanonicalJson(intersect(isolated ? ports : ALL, asked)),
    ...(unresolvedRules.length > 0 ? { unresolvedRules } : {}),
  };
}

/** The egress rules matching an outside address whose named ports cannot resolve there (no pod to look them up on). */
function namedPortsToAddress(sideOfClass: ClassSide, address: Extract<Endpoint, { kind: 'external' }>): ReachReason[] {
  if (sideOfClass.isolating.length === 0) return [];
  const seen = new Set<CompiledRule['rule']>();
  return sideOfClass.rules.flatMap((rule) => {
    if (seen.has(rule.rule)) return [];
    seen.add(rule.rule);
    const names = rule.rule.ports.flatMap((port) => (port.kind === 'named' ? [`"${port.name}"`] : []));
    if (names.length === 0 || !rule.blocks.some((block) => overlapsAddresses(block.addresses, address.addresses))) return [];
    const which = names.length === 1 ? `its port named ${names[0]} allows` : `its ports named ${names.join(', ')} allow`;
    return [
      {
        policy: rule.policy.ref,
        direction: 'egress' as const,
        ruleIndex: rule.rule.index,
        description: `${describeRule(rule.rule, rule.policy.model.namespace)}: matches ${address.ref}, but ${which} nothing there (a port name is looked up on the destination pod, and an address outside the cluster has none)`,
        location: { uri: rule.policy.model.uri, range: rule.rule.range },
      },
    ];
  });
}

function summarize(
  from: SingleEndpoint,
  to: SingleEndpoint,
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

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/**
 * A deciding policy analysed otherwise than written (unknown fields dropped) is said in
 * the summary, not only beside its side: a typo'd `fromm` dropped makes a rule allow all.
 */
function adjustedSentences(from: SingleEndpoint, to: SingleEndpoint): string[] {
  const policies = [
    ...(from.kind === 'workload' ? from.workloadClass.egress.isolating : []),
    ...(to.kind === 'workload' ? to.workloadClass.ingress.isolating : []),
  ];
  const caveats = new Map(policies.flatMap((policy) => (policy.caveat ? [[policy.ref, policy.caveat] as const] : [])));
  return [...caveats].map(([ref, caveat]) => `${ref} is ${caveat}.`);
}
