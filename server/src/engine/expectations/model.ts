// What an expectations file says once read (reader.ts), and what evaluating it gives
// (evaluate.ts). The design: ../shared/docs/expectations-and-diff.md §5.
import type { AddressSet } from '../cidrSet';
import type { CanonicalConnectionSet, Protocol } from '../ports';
import type { LabelSelector, Labels } from '../selectors';
import type { EngineDiagnostic, Range } from '../types';

export const EXPECTATIONS_API_VERSION = 'netpol-navigator.dev/v1alpha1';
export const EXPECTATIONS_KIND = 'ReachabilityExpectations';

/** A workload ref written in an endpoint's `except`. */
export interface RefSpec {
  ref: string;
  range: Range;
}

/** What the selector forms may add: refs left out, and whether an empty match passes. */
export interface EndpointModifiers {
  except: RefSpec[];
  allowEmpty: boolean;
}

/** One endpoint as written (§5.4): exactly one form. */
export type EndpointSpec = { range: Range } & (
  | { kind: 'everyone' }
  | { kind: 'ref'; ref: string }
  | ({ kind: 'namespace'; namespace: string } & EndpointModifiers)
  /** NetworkPolicyPeer AND semantics: podSelector alone comes with `namespace`. */
  | ({ kind: 'selector'; namespace?: string; namespaceSelector?: LabelSelector; podSelector?: LabelSelector } & EndpointModifiers)
  | { kind: 'cidr'; cidr: string; except: string[]; addresses: AddressSet }
  | { kind: 'hypothetical'; namespace: string; labels: Labels }
);

/** One port of `ports` (§5.5). */
export type PortSpec = { text: string; range: Range } & (
  | { kind: 'range'; protocol: Protocol; from: number; to: number }
  /** Resolved on each destination pod's container ports, as NetworkPolicy does. */
  | { kind: 'named'; protocol: Protocol; name: string }
);

export type PortsSpec =
  | { kind: 'list'; ports: PortSpec[]; range: Range }
  /** `any`: at least one port of some protocol. */
  | { kind: 'any'; range: Range }
  /** `all`: every port of every protocol. */
  | { kind: 'all'; range: Range };

export type ExpectKind = 'allowed' | 'denied' | 'exactly';
export type EnforcedAt = 'ingress' | 'egress' | 'either';

export interface Expectation {
  /** `id`, else the slug of `name`, else a hash of the canonical form. */
  id: string;
  /** `name`, or one made from the endpoints (`shop/frontend → shop/checkout allowed 5050/TCP`). */
  name: string;
  /** True when `name` was written. */
  named: boolean;
  uri: string;
  /** The list item. */
  range: Range;
  /** metadata.name of its document (JUnit testsuite/classname); the file name when absent. */
  suite: string;
  from: EndpointSpec[];
  to: EndpointSpec[];
  /** The `from`/`to` values as written (a list, or one endpoint). */
  fromRange: Range;
  toRange: Range;
  expect: ExpectKind;
  ports?: PortsSpec;
  enforcedAt: EnforcedAt;
  skip?: string;
  tags: string[];
  /** The problems of this expectation's own text: when any is an error, it is not evaluated (status `error`). */
  problems: EngineDiagnostic[];
}

export interface ExpectationsDocument {
  uri: string;
  /** The whole document. */
  range: Range;
  suite: string;
  defaultProtocol: Protocol;
  expectations: Expectation[];
}

export interface ExpectationsFile {
  uri: string;
  documents: ExpectationsDocument[];
  /** Every problem of the file's expectations documents (schema, endpoints, ports, duplicate ids), on their exact ranges. */
  diagnostics: EngineDiagnostic[];
}

// ---- Results -----------------------------------------------------------------

export type ExpectationStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** One side's part in a witness's verdict: the deciding policy and rule, or why nothing decides. */
export interface WitnessReason {
  side: 'egress' | 'ingress';
  verdict: 'allowed' | 'denied';
  /** `not-isolated` when no policy selects the side; `no-rule` when policies isolate it and none allows the pair. */
  why?: 'not-isolated' | 'no-rule' | 'not-modelled';
  /** `namespace/name` of the deciding policy. */
  policy?: string;
  /** `ingress[0]`: the rule's index in its list. */
  rule?: string;
  location?: { uri: string; range: Range };
  /** For people, as explain words it. */
  description: string;
}

/** One violating pair (a witness). */
export interface Violation {
  from: string;
  to: string;
  /** What the expectation asks, in reach's port form: 'none' for denied, 'any' for allowed on any port. */
  expected: CanonicalConnectionSet | 'none' | 'any';
  /** What the policies allow, in reach's port form. */
  actual: CanonicalConnectionSet | 'none';
  reasons: WitnessReason[];
}

export interface ExpectationError {
  message: string;
  range?: Range;
  /** Set when the error points into another file (a left-out policy). */
  uri?: string;
}

export interface ExpectationResult {
  id: string;
  name: string;
  uri: string;
  range: Range;
  suite: string;
  expect: ExpectKind;
  tags: string[];
  status: ExpectationStatus;
  /** Pairs evaluated (self pairs excluded) and how many violate; exact, whatever the witness cap. */
  pairs: { total: number; violating: number };
  /** Sorted by (from, to, protocol, port), at most maxWitnesses. */
  violations: Violation[];
  errors: ExpectationError[];
  /** Why it was skipped (`skip`). */
  skipReason?: string;
  /** What the verdict rests on beyond the policies (hostNetwork workloads a selector form left out...). */
  notes?: string[];
  /** What the expectation asks, worded (`denied on all ports`, `allowed TCP 5050`). */
  expectedText: string;
}

export interface EvaluateOptions {
  /** Witnesses kept per expectation (default 20); totals stay exact. */
  maxWitnesses?: number;
  /** Only expectations with one of these tags are evaluated; the others are left out of the results. */
  tags?: readonly string[];
  /** The expectations files to evaluate (default: those of the workspace). */
  files?: readonly ExpectationsFile[];
}

export const DEFAULT_MAX_WITNESSES = 20;
