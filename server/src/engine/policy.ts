// A NetworkPolicy as the cluster enforces it: what it selects, which directions it
// isolates (after the API server's defaulting), and per direction its rules with
// their peers and ports. Everything carries its source range so that a verdict can
// point at the rule, peer or port that decides it.
//
// Malformed parts never throw and never allow anything: the API server would refuse
// the whole policy, the validator reports why, and reach must not grant more than
// was written. They stay in the model (kind 'invalid') so explain can show them.
import { cidrMinus, type AddressSet } from './cidrSet';
import { formatNetwork, isStrictSubset, parseCidrSloppy, type ParsedCidr } from './cidr';
import type { KubeObject } from './manifests';
import { isPortNumber, isProtocol, MAX_PORT, MIN_PORT, type RulePort } from './ports';
import { locateOnce } from './ranges';
import type { JsonPath, Range } from './types';
import { EMPTY_SELECTOR, parseLabelSelector, type LabelSelector } from './selectors';

export type PolicyType = 'Ingress' | 'Egress';
export type Direction = 'ingress' | 'egress';

export const policyTypeOf = (direction: Direction): PolicyType => (direction === 'ingress' ? 'Ingress' : 'Egress');
const peerListKey = (direction: Direction): 'from' | 'to' => (direction === 'ingress' ? 'from' : 'to');

/** A label selector: as written (decoded YAML value) and parsed, with ranges. */
export interface SelectorRef {
  value: unknown;
  range: Range;
  /** The parsed selector; a malformed one has problems and matches nothing. */
  selector: LabelSelector;
}

function selectorRef(object: KubeObject, path: JsonPath, value: unknown): SelectorRef {
  const range = locateOnce(() => object.locate(path).valueRange);
  return {
    value,
    get range() {
      return range();
    },
    selector: parseLabelSelector(value, { object, path }) ?? EMPTY_SELECTOR,
  };
}

export interface CidrEntry {
  /** As written. */
  text: string;
  range: Range;
  cidr: ParsedCidr;
}

export type Peer =
  /** `from`/`to` absent or `[]`: every source/destination, in the cluster and outside. */
  | { kind: 'all'; range: Range }
  /**
   * `podSelector` and/or `namespaceSelector` in one list item, which must both match
   * (AND). `podSelector` alone means the policy's namespace; `namespaceSelector` alone
   * means every pod of the matching namespaces.
   */
  | { kind: 'selector'; index: number; range: Range; podSelector?: SelectorRef; namespaceSelector?: SelectorRef }
  /** Addresses of `cidr` minus those of `except`. */
  | { kind: 'ipBlock'; index: number; range: Range; cidr: CidrEntry; except: CidrEntry[] }
  /** A list item (or a whole list) the API server would refuse; it matches nothing. */
  | { kind: 'invalid'; index?: number; range: Range; reason: string };

export type PolicyPort = RulePort & { index: number; range: Range };

export interface PolicyRule {
  direction: Direction;
  index: number;
  /** Range of the list item. */
  range: Range;
  /** Alternatives (OR). Empty only when every written peer was malformed: the rule then allows nothing. */
  peers: Peer[];
  /** Alternatives (OR); empty means every port of every protocol (no `ports`, or `ports: []`). */
  ports: PolicyPort[];
  /** True when the policy's effective policyTypes lack this direction: the rule has no effect. */
  ignored: boolean;
}

export interface NetworkPolicyModel {
  uri: string;
  /** The effective namespace, chosen by the caller (metadata.namespace or the apply-time default). */
  namespace: string;
  name: string;
  range: Range;
  nameRange: Range;
  /** Absent `spec.podSelector` is `{}`: every pod of the namespace. */
  podSelector: SelectorRef & { written: boolean };
  /** After defaulting; each direction at most once. */
  policyTypes: PolicyType[];
  /** False when `policyTypes` was absent or empty and the API server's defaulting decided. */
  policyTypesWritten: boolean;
  policyTypesRange: Range;
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

/**
 * The policy types the API server stores (pkg/apis/networking/v1/defaults.go):
 * absent or empty means Ingress, plus Egress when `egress` has at least one rule
 * (`egress: []` adds nothing). Written types are kept in their order, duplicates
 * collapsed; entries other than Ingress/Egress are dropped (the validator reports them).
 */
export function effectivePolicyTypes(spec: Record<string, unknown>): { types: PolicyType[]; written: boolean } {
  const written = spec.policyTypes;
  if (Array.isArray(written) && written.length > 0) {
    const types: PolicyType[] = [];
    for (const entry of written as unknown[]) {
      if ((entry === 'Ingress' || entry === 'Egress') && !types.includes(entry)) types.push(entry);
    }
    return { types, written: true };
  }
  const egress = spec.egress;
  return { types: Array.isArray(egress) && egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'], written: false };
}

/** Reads a NetworkPolicy object into the model; `namespace` is its effective namespace. */
export function normalizePolicy(object: KubeObject, namespace: string): NetworkPolicyModel {
  const value = object.value;
  const metadata = asRecord(value.metadata);
  const spec = asRecord(value.spec);
  const here = (path: JsonPath) => locateOnce((): Range => object.locate(path).valueRange);
  const { types, written } = effectivePolicyTypes(spec);

  const podSelectorWritten = spec.podSelector !== undefined && spec.podSelector !== null;
  const podSelector = selectorRef(object, ['spec', 'podSelector'], podSelectorWritten ? spec.podSelector : {});
  const nameRange = here(['metadata', 'name']);
  const policyTypesRange = here(['spec', 'policyTypes']);
  const model: NetworkPolicyModel = {
    uri: object.uri,
    namespace,
    name: typeof metadata.name === 'string' ? metadata.name : '',
    range: object.range,
    get nameRange() {
      return nameRange();
    },
    podSelector: {
      value: podSelector.value,
      get range() {
        return podSelector.range;
      },
      selector: podSelector.selector,
      written: podSelectorWritten,
    },
    policyTypes: types,
    policyTypesWritten: written,
    get policyTypesRange() {
      return policyTypesRange();
    },
    ingress: [],
    egress: [],
  };
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = spec[direction];
    if (!Array.isArray(rules)) continue;
    const ignored = !types.includes(policyTypeOf(direction));
    rules.forEach((rule, index) => {
      const normalized = normalizeRule(object, direction, index, rule, ignored);
      if (normalized) model[direction].push(normalized);
    });
  }
  return model;
}

function normalizeRule(
  object: KubeObject,
  direction: Direction,
  index: number,
  rule: unknown,
  ignored: boolean,
): PolicyRule | undefined {
  // A null list item decodes (JSON into a Go struct) as the zero rule, which is `{}`.
  const value = rule === null ? {} : rule;
  if (!isRecord(value)) return undefined;
  const path: JsonPath = ['spec', direction, index];
  const range = locateOnce((): Range => object.locate(path).valueRange);
  return {
    direction,
    index,
    get range() {
      return range();
    },
    peers: normalizePeers(object, [...path, peerListKey(direction)], value[peerListKey(direction)], range),
    ports: normalizePorts(object, [...path, 'ports'], value.ports),
    ignored,
  };
}

function normalizePeers(object: KubeObject, path: JsonPath, list: unknown, ruleRange: () => Range): Peer[] {
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) {
    const range = locateOnce((): Range => {
      const location = object.locate(path);
      return location.exact ? (location.keyRange ?? location.valueRange) : ruleRange();
    });
    return [
      {
        kind: 'all',
        get range() {
          return range();
        },
      },
    ];
  }
  if (!Array.isArray(list)) {
    const range = locateOnce((): Range => object.locate(path).valueRange);
    const reason = `\`${path[path.length - 1]}\` is not a list`;
    return [
      {
        kind: 'invalid',
        get range() {
          return range();
        },
        reason,
      },
    ];
  }
  return list.map((peer, index) => normalizePeer(object, [...path, index], index, peer));
}

function normalizePeer(object: KubeObject, path: JsonPath, index: number, raw: unknown): Peer {
  const range = locateOnce((): Range => object.locate(path).valueRange);
  const invalid = (reason: string): Peer => invalidPeer(index, range, reason);
  const peer = raw === null ? {} : raw;
  if (!isRecord(peer)) return invalid('the peer is not an object');
  // Presence is what counts (validation rule R1): `podSelector: {}` is a peer, `podSelector: null` is not.
  const present = (key: string): boolean => peer[key] !== undefined && peer[key] !== null;
  const hasPods = present('podSelector');
  const hasNamespaces = present('namespaceSelector');
  if (present('ipBlock')) {
    if (hasPods || hasNamespaces) return invalid('ipBlock may not be combined with podSelector or namespaceSelector (rule R2)');
    return normalizeIpBlock(object, [...path, 'ipBlock'], index, range, peer.ipBlock);
  }
  if (!hasPods && !hasNamespaces) return invalid('the peer names no podSelector, namespaceSelector or ipBlock (rule R1)');
  for (const key of ['podSelector', 'namespaceSelector']) {
    if (present(key) && !isRecord(peer[key])) return invalid(`${key} is not a label selector`);
  }
  const selector = (key: string): SelectorRef | undefined =>
    present(key) ? selectorRef(object, [...path, key], peer[key]) : undefined;
  return {
    kind: 'selector',
    index,
    get range() {
      return range();
    },
    podSelector: selector('podSelector'),
    namespaceSelector: selector('namespaceSelector'),
  };
}

function invalidPeer(index: number, range: () => Range, reason: string): Peer {
  return {
    kind: 'invalid',
    index,
    get range() {
      return range();
    },
    reason,
  };
}

function normalizeIpBlock(object: KubeObject, path: JsonPath, index: number, range: () => Range, raw: unknown): Peer {
  const invalid = (reason: string): Peer => invalidPeer(index, range, reason);
  if (!isRecord(raw)) return invalid('ipBlock is not an object');
  const readCidr = (text: unknown, at: JsonPath, missingRule: string, badRule: string): CidrEntry | string => {
    if (typeof text !== 'string' || text === '') return `a CIDR is missing (rule ${missingRule})`;
    const cidr = parseCidrSloppy(text);
    if (!cidr) return `"${text}" is not a CIDR (rule ${badRule})`;
    const range = locateOnce((): Range => object.locate(at).valueRange);
    return {
      text,
      get range() {
        return range();
      },
      cidr,
    };
  };
  const cidr = readCidr(raw.cidr, [...path, 'cidr'], 'B1', 'B2');
  if (typeof cidr === 'string') return invalid(cidr);
  const exceptList = raw.except ?? [];
  if (!Array.isArray(exceptList)) return invalid('except is not a list');
  const except: CidrEntry[] = [];
  for (let k = 0; k < exceptList.length; k++) {
    const entry = readCidr(exceptList[k], [...path, 'except', k], 'B6', 'B6');
    if (typeof entry === 'string') return invalid(`except: ${entry}`);
    if (!isStrictSubset(entry.cidr, cidr.cidr))
      return invalid(`except ${entry.text} is not a strict subset of ${cidr.text} (rule B9)`);
    except.push(entry);
  }
  return {
    kind: 'ipBlock',
    index,
    get range() {
      return range();
    },
    cidr,
    except,
  };
}

function normalizePorts(object: KubeObject, path: JsonPath, list: unknown): PolicyPort[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list))
    return [{ kind: 'invalid', reason: '`ports` is not a list', index: 0, range: object.locate(path).valueRange }];
  return list.map((entry, index) => {
    const range = locateOnce((): Range => object.locate([...path, index]).valueRange);
    return {
      ...normalizePort(entry),
      index,
      get range() {
        return range();
      },
    };
  });
}

function normalizePort(raw: unknown): RulePort {
  const entry = raw === null ? {} : raw;
  if (!isRecord(entry)) return { kind: 'invalid', reason: 'the port entry is not an object' };
  const protocol = entry.protocol ?? 'TCP';
  if (!isProtocol(protocol)) return { kind: 'invalid', reason: `unsupported protocol ${JSON.stringify(protocol)} (rule P1)` };
  const { port } = entry;
  const endPort = entry.endPort ?? undefined;
  if (port === undefined || port === null) {
    if (endPort !== undefined) return { kind: 'invalid', reason: 'endPort without port (rule P7)' };
    return { kind: 'protocol', protocol };
  }
  if (typeof port === 'string') {
    if (endPort !== undefined) return { kind: 'invalid', reason: 'endPort with a named port (rule P5)' };
    if (!isPortName(port)) return { kind: 'invalid', reason: `"${port}" is not a valid port name (rule P6)` };
    return { kind: 'named', protocol, name: port };
  }
  // Neither a number nor a string fails decoding (HTTP 400) before validation.
  if (typeof port !== 'number') return { kind: 'invalid', reason: `port ${JSON.stringify(port)} is neither a number nor a name` };
  if (!isPortNumber(port))
    return { kind: 'invalid', reason: `port ${JSON.stringify(port)} is not between ${MIN_PORT} and ${MAX_PORT} (rule P2)` };
  if (endPort === undefined) return { kind: 'range', protocol, from: port, to: port };
  if (!isPortNumber(endPort) || endPort < port)
    return {
      kind: 'invalid',
      reason: `endPort ${JSON.stringify(endPort)} is not between port ${port} and ${MAX_PORT} (rules P3, P4)`,
    };
  return { kind: 'range', protocol, from: port, to: endPort };
}

/** An IANA service name, the only names a container port (and so a policy port) can have. */
const isPortName = (name: string): boolean => name.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && /[a-z]/.test(name);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const asRecord = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** Whether the policy isolates the selected pods in this direction. */
export const isolates = (policy: NetworkPolicyModel, direction: Direction): boolean =>
  policy.policyTypes.includes(policyTypeOf(direction));

/** The rules that count: those of a direction the policy isolates. */
export const effectiveRules = (policy: NetworkPolicyModel, direction: Direction): PolicyRule[] =>
  policy[direction].filter((rule) => !rule.ignored);

/** `10.0.0.0/8 except 10.1.0.0/16, 10.2.0.0/16`, networks as the API server prints them (host bits masked). */
export function describeIpBlock(peer: Extract<Peer, { kind: 'ipBlock' }>): string {
  const cidr = formatNetwork(peer.cidr.cidr);
  return peer.except.length === 0 ? cidr : `${cidr} except ${peer.except.map((entry) => formatNetwork(entry.cidr)).join(', ')}`;
}

/** The addresses an ipBlock peer matches: its cidr minus its excepts. */
export const ipBlockAddresses = (peer: Extract<Peer, { kind: 'ipBlock' }>): AddressSet =>
  cidrMinus(
    peer.cidr.cidr,
    peer.except.map((entry) => entry.cidr),
  );
