// Connection sets: which ports of which protocols a connection may use.
//
// One value type for every later stage (reach, explain, CLI, LSP). Each protocol
// holds sorted, disjoint, non-adjacent intervals, so two equal sets always have the
// same representation and comparisons never need to normalise again. Sets of
// thousands of workloads are combined here, so a set never expands into single ports.

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** The protocols a NetworkPolicy port may name, in the order every output uses. */
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** An inclusive port interval [lo, hi] within 1..65535. */
export type PortInterval = readonly [lo: number, hi: number];

export interface ConnectionSet {
  readonly TCP: readonly PortInterval[];
  readonly UDP: readonly PortInterval[];
  readonly SCTP: readonly PortInterval[];
}

const EVERY_PORT: readonly PortInterval[] = Object.freeze([Object.freeze([MIN_PORT, MAX_PORT] as const)]);
const NO_PORT: readonly PortInterval[] = Object.freeze([]);

function makeSet(tcp: readonly PortInterval[], udp: readonly PortInterval[], sctp: readonly PortInterval[]): ConnectionSet {
  return Object.freeze({ TCP: tcp, UDP: udp, SCTP: sctp });
}

export const ALL: ConnectionSet = makeSet(EVERY_PORT, EVERY_PORT, EVERY_PORT);
export const NONE: ConnectionSet = makeSet(NO_PORT, NO_PORT, NO_PORT);

function withProtocol(protocol: Protocol, intervals: readonly PortInterval[]): ConnectionSet {
  return makeSet(
    protocol === 'TCP' ? intervals : NO_PORT,
    protocol === 'UDP' ? intervals : NO_PORT,
    protocol === 'SCTP' ? intervals : NO_PORT,
  );
}

/** Every port of one protocol. */
export function allPortsOf(protocol: Protocol): ConnectionSet {
  return withProtocol(protocol, EVERY_PORT);
}

/**
 * Ports lo..hi of one protocol. Bounds are clipped to 1..65535; an interval that
 * ends up empty (hi < lo, or wholly outside) gives NONE.
 */
export function portRange(protocol: Protocol, lo: number, hi: number = lo): ConnectionSet {
  const from = Math.max(MIN_PORT, Math.ceil(lo));
  const to = Math.min(MAX_PORT, Math.floor(hi));
  if (!(from <= to)) return NONE;
  return withProtocol(protocol, Object.freeze([Object.freeze([from, to] as const)]));
}

/** A set from arbitrary (unsorted, overlapping) intervals of one protocol. */
export function fromIntervals(protocol: Protocol, intervals: Iterable<readonly [number, number]>): ConnectionSet {
  const clipped: [number, number][] = [];
  for (const [lo, hi] of intervals) {
    const from = Math.max(MIN_PORT, Math.ceil(lo));
    const to = Math.min(MAX_PORT, Math.floor(hi));
    if (from <= to) clipped.push([from, to]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of clipped) {
    const last = merged[merged.length - 1];
    if (last && interval[0] <= last[1] + 1) last[1] = Math.max(last[1], interval[1]);
    else merged.push(interval);
  }
  return merged.length === 0 ? NONE : withProtocol(protocol, freezeIntervals(merged));
}

// Interval algebra on one protocol. Inputs are canonical; outputs are canonical
// (adjacent intervals are merged: [80,80] + [81,90] is [80,90]).

function unionIntervals(a: readonly PortInterval[], b: readonly PortInterval[]): readonly PortInterval[] {
  if (a.length === 0 || b === a) return b;
  if (b.length === 0) return a;
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i][0] <= b[j][0]) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last && next[0] <= last[1] + 1) {
      if (next[1] > last[1]) last[1] = next[1];
    } else {
      out.push([next[0], next[1]]);
    }
  }
  return freezeIntervals(out);
}

function intersectIntervals(a: readonly PortInterval[], b: readonly PortInterval[]): readonly PortInterval[] {
  if (a.length === 0 || b.length === 0) return NO_PORT;
  if (a === b || b === EVERY_PORT) return a;
  if (a === EVERY_PORT) return b;
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return freezeIntervals(out);
}

function subtractIntervals(a: readonly PortInterval[], b: readonly PortInterval[]): readonly PortInterval[] {
  if (a.length === 0 || b.length === 0) return a;
  if (a === b || b === EVERY_PORT) return NO_PORT;
  const out: [number, number][] = [];
  let j = 0;
  for (const [lo, hi] of a) {
    let start = lo;
    // Intervals of b that end before this one starts cannot cut anything later either.
    while (j < b.length && b[j][1] < start) j++;
    let k = j;
    while (k < b.length && b[k][0] <= hi) {
      if (b[k][0] > start) out.push([start, b[k][0] - 1]);
      start = Math.max(start, b[k][1] + 1);
      if (start > hi) break;
      k++;
    }
    if (start <= hi) out.push([start, hi]);
  }
  return freezeIntervals(out);
}

function freezeIntervals(intervals: [number, number][]): readonly PortInterval[] {
  if (intervals.length === 0) return NO_PORT;
  if (intervals.length === 1 && intervals[0][0] === MIN_PORT && intervals[0][1] === MAX_PORT) return EVERY_PORT;
  for (const interval of intervals) Object.freeze(interval);
  return Object.freeze(intervals);
}

function combine(
  a: ConnectionSet,
  b: ConnectionSet,
  operation: (x: readonly PortInterval[], y: readonly PortInterval[]) => readonly PortInterval[],
): ConnectionSet {
  const tcp = operation(a.TCP, b.TCP);
  const udp = operation(a.UDP, b.UDP);
  const sctp = operation(a.SCTP, b.SCTP);
  if (tcp === EVERY_PORT && udp === EVERY_PORT && sctp === EVERY_PORT) return ALL;
  if (tcp === NO_PORT && udp === NO_PORT && sctp === NO_PORT) return NONE;
  if (tcp === a.TCP && udp === a.UDP && sctp === a.SCTP) return a;
  if (tcp === b.TCP && udp === b.UDP && sctp === b.SCTP) return b;
  return makeSet(tcp, udp, sctp);
}

export const union = (a: ConnectionSet, b: ConnectionSet): ConnectionSet => combine(a, b, unionIntervals);
export const intersect = (a: ConnectionSet, b: ConnectionSet): ConnectionSet => combine(a, b, intersectIntervals);
/** The connections of `a` that are not in `b`. */
export const subtract = (a: ConnectionSet, b: ConnectionSet): ConnectionSet => combine(a, b, subtractIntervals);

/** Union of many sets; NONE for none. */
export function unionAll(sets: Iterable<ConnectionSet>): ConnectionSet {
  let result = NONE;
  for (const set of sets) {
    result = union(result, set);
    if (result === ALL) break;
  }
  return result;
}

export const isEmpty = (set: ConnectionSet): boolean => set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0;

const coversEveryPort = (intervals: readonly PortInterval[]): boolean =>
  intervals.length === 1 && intervals[0][0] === MIN_PORT && intervals[0][1] === MAX_PORT;

export const isAll = (set: ConnectionSet): boolean => PROTOCOLS.every((protocol) => coversEveryPort(set[protocol]));

export function equals(a: ConnectionSet, b: ConnectionSet): boolean {
  if (a === b) return true;
  return PROTOCOLS.every((protocol) => {
    const x = a[protocol];
    const y = b[protocol];
    return x.length === y.length && x.every((interval, i) => interval[0] === y[i][0] && interval[1] === y[i][1]);
  });
}

export function contains(set: ConnectionSet, protocol: Protocol, port: number): boolean {
  const intervals = set[protocol];
  let low = 0;
  let high = intervals.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (port < intervals[mid][0]) high = mid - 1;
    else if (port > intervals[mid][1]) low = mid + 1;
    else return true;
  }
  return false;
}

/** True when every connection of `inner` is also in `outer`. */
export const isSubset = (inner: ConnectionSet, outer: ConnectionSet): boolean => isEmpty(subtract(inner, outer));

export type CanonicalConnectionSet = 'all' | Array<{ protocol: Protocol; ports: Array<[number, number]> }>;

/**
 * The stable JSON form used by the CLI's JSON output and the LSP's custom requests:
 * `"all"` when every port of every protocol is allowed, otherwise the non-empty
 * protocols in the order TCP, UDP, SCTP with their merged, sorted intervals.
 */
export function toCanonicalJson(set: ConnectionSet): CanonicalConnectionSet {
  if (isAll(set)) return 'all';
  return PROTOCOLS.filter((protocol) => set[protocol].length > 0).map((protocol) => ({
    protocol,
    ports: set[protocol].map(([lo, hi]): [number, number] => [lo, hi]),
  }));
}

/** Reads the canonical JSON form back; undefined when the value is not one. */
export function fromCanonicalJson(value: unknown): ConnectionSet | undefined {
  if (value === 'all') return ALL;
  if (!Array.isArray(value)) return undefined;
  let result = NONE;
  for (const entry of value) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { protocol, ports } = entry as { protocol?: unknown; ports?: unknown };
    if (!isProtocol(protocol) || !Array.isArray(ports)) return undefined;
    for (const interval of ports) {
      if (!Array.isArray(interval) || interval.length !== 2 || !interval.every(isPortNumber) || interval[0] > interval[1])
        return undefined;
      result = union(result, portRange(protocol, interval[0], interval[1]));
    }
  }
  return result;
}

/** For people: `TCP 80, 8080-8090; UDP 53`, `all ports`, `no ports`, `TCP all ports`. */
export function formatConnectionSet(set: ConnectionSet): string {
  if (isAll(set)) return 'all ports';
  if (isEmpty(set)) return 'no ports';
  return PROTOCOLS.filter((protocol) => set[protocol].length > 0)
    .map((protocol) => {
      const intervals = set[protocol];
      if (coversEveryPort(intervals)) return `${protocol} all ports`;
      return `${protocol} ${intervals.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(', ')}`;
    })
    .join('; ');
}

export const isProtocol = (value: unknown): value is Protocol => value === 'TCP' || value === 'UDP' || value === 'SCTP';

/** An integer from 1 to 65535. */
export const isPortNumber = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= MIN_PORT && (value as number) <= MAX_PORT;

/**
 * Parses a port written on a command line: `8080`, `8080/TCP`, `53/udp`,
 * `8000-8080/tcp`. The protocol is case-insensitive here (people type `udp`)
 * and defaults to TCP, as in a NetworkPolicy.
 */
export function parsePortSpec(text: string): { set: ConnectionSet } | { error: string } {
  const match = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*(?:\/\s*([A-Za-z]+))?\s*$/.exec(text);
  if (!match) return { error: `"${text}" is not a port: expected PORT[-END][/PROTOCOL], e.g. 8080, 53/udp, 8000-8080/TCP` };
  const lo = Number(match[1]);
  const hi = match[2] === undefined ? lo : Number(match[2]);
  const protocol = (match[3] ?? 'TCP').toUpperCase();
  if (!isProtocol(protocol)) return { error: `"${match[3]}" is not a protocol: expected TCP, UDP or SCTP` };
  if (!isPortNumber(lo) || !isPortNumber(hi)) return { error: `"${text}": ports must be between ${MIN_PORT} and ${MAX_PORT}` };
  if (hi < lo) return { error: `"${text}": the range ends before it starts` };
  return { set: portRange(protocol, lo, hi) };
}

// Named ports. A NetworkPolicy port may be a name; it means "the container port
// of that name and protocol on the destination pod", so it resolves per destination
// (in egress rules too: the name is looked up on the destination, never the source).

/** A container port of a pod, as far as policies care. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
}

/** One entry of a rule's `ports`, after defaulting (protocol TCP when absent). */
export type RulePort =
  /** `port` absent: every port of the protocol. */
  | { kind: 'protocol'; protocol: Protocol }
  /** A numeric `port`, with `endPort` when given (from === to otherwise). */
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  /** A named `port`, resolved on the destination by name and protocol. */
  | { kind: 'named'; protocol: Protocol; name: string }
  /** A malformed entry the API server would refuse; it never allows anything. */
  | { kind: 'invalid'; reason: string };

/**
 * A rule's `ports` for people, the same in hovers, CodeLens, the tree and `explain`:
 * `all ports` (no ports listed), `TCP all ports`, `TCP 80-90`, `TCP port named "http"`.
 */
export function describeRulePorts(ports: readonly RulePort[]): string {
  if (ports.length === 0) return formatConnectionSet(ALL);
  return ports
    .map((port) => {
      switch (port.kind) {
        case 'protocol':
          return formatConnectionSet(allPortsOf(port.protocol));
        case 'range':
          return formatConnectionSet(portRange(port.protocol, port.from, port.to));
        case 'named':
          return `${port.protocol} port named "${port.name}"`;
        case 'invalid':
          return `no port (${port.reason})`;
      }
    })
    .join(', ');
}

/** What one rule port allows to a destination exposing `destinationPorts`. */
export function resolveRulePort(rulePort: RulePort, destinationPorts: readonly ContainerPort[]): ConnectionSet {
  switch (rulePort.kind) {
    case 'protocol':
      return allPortsOf(rulePort.protocol);
    case 'range':
      return portRange(rulePort.protocol, rulePort.from, rulePort.to);
    case 'named': {
      let result = NONE;
      for (const port of destinationPorts) {
        if (port.name === rulePort.name && port.protocol === rulePort.protocol)
          result = union(result, portRange(port.protocol, port.containerPort));
      }
      return result;
    }
    case 'invalid':
      return NONE;
  }
}

/**
 * What a rule's `ports` allow to one destination. An empty list is a rule without
 * `ports`, which allows every port of every protocol (the API reference: "If this
 * field is empty or missing, this rule matches all ports").
 */
export function resolvePorts(rulePorts: readonly RulePort[], destinationPorts: readonly ContainerPort[]): ConnectionSet {
  if (rulePorts.length === 0) return ALL;
  let result = NONE;
  for (const rulePort of rulePorts) {
    result = union(result, resolveRulePort(rulePort, destinationPorts));
    if (result === ALL) break;
  }
  return result;
}

/** True when the rule ports name a port, so what they allow depends on the destination. */
export const dependsOnDestination = (rulePorts: readonly RulePort[]): boolean => rulePorts.some((port) => port.kind === 'named');
