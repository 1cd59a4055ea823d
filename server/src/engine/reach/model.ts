// What a reachability analysis is made of: workload classes, compiled policies and
// rules, and the connections derived from them. Types, and the two facts every part
// of the analysis shares (rulePortsTo, WORLD_BLOCKS).
import { EVERY_ADDRESS, type AddressSet } from '../cidrSet';
import type { NotModelledPolicy } from '../foreignPolicies';
import type { NetworkPolicyModel, PolicyRule } from '../policy';
import { resolvePorts, type ConnectionSet, type ContainerPort } from '../ports';
import type { Labels } from '../selectors';
import type { Range } from '../types';
import type { ValidationOptions } from '../validate';
import type { Workload } from '../workloads';

/** Workloads that no selector can tell apart: same namespace, same pod labels, same container ports. */
export interface WorkloadClass {
  id: number;
  namespace: string;
  labels: Labels;
  ports: readonly ContainerPort[];
  /** hostNetwork pods: never selected by a policy nor matched by a selector peer (see PeerMatcher). */
  hostNetwork: boolean;
  /** Labels the members' controller sets with values no manifest tells (podLabels.ts). */
  unknownKeys: readonly string[];
  members: Workload[];
  ingress: ClassSide;
  egress: ClassSide;
  /** Policies whose selectors may or may not match these pods (labels whose value no manifest tells): said in explain. */
  notModelled: string[];
}

/** One direction of a class: who isolates it, and the rules that then allow something. */
export interface ClassSide {
  /** Valid policies selecting the class with this direction in their policyTypes. */
  isolating: CompiledPolicy[];
  /** The effective rules of those policies. */
  rules: CompiledRule[];
}

export interface CompiledPolicy {
  /** `namespace/name`. */
  ref: string;
  model: NetworkPolicyModel;
  /** How the analysed policy differs from the text (unknown fields dropped), said wherever it takes part. */
  caveat?: string;
}

export interface ExternalBlock {
  /** `10.0.0.0/8 except 10.1.0.0/16`, or `0.0.0.0/0` / `::/0` for every address of a family. */
  text: string;
  addresses: AddressSet;
}

export interface CompiledRule {
  policy: CompiledPolicy;
  rule: PolicyRule;
  /** `from`/`to` absent or []: every pod and every address. */
  everyone: boolean;
  /** Peer classes (selector peers); empty when `everyone`. */
  classes: ReadonlySet<number>;
  /** ipBlock peers, as written. */
  blocks: ExternalBlock[];
  /** Every address the rule's peers match (outside the cluster). */
  external: AddressSet;
  /** The ports when no named port makes them depend on the destination. */
  fixedPorts?: ConnectionSet;
}

/** A policy analysis left out, or analysed otherwise than written, and why. */
export interface LeftOutPolicyInfo {
  /** `namespace/name`. */
  policy: string;
  uri: string;
  range: Range;
  reason: string;
}

export interface ReachOptions {
  validation?: ValidationOptions;
}

export interface ReachAnalysis {
  version: number;
  /** Workloads by ref, sorted; a duplicated ref keeps its first definition. */
  workloads: Workload[];
  classes: WorkloadClass[];
  classOf: Map<string, WorkloadClass>;
  policies: CompiledPolicy[];
  leftOut: LeftOutPolicyInfo[];
  /** Policies analysed without the unknown fields the API server drops (reason: which). */
  adjusted: LeftOutPolicyInfo[];
  /** What the answers rest on beyond the policies (hostNetwork pods, StatefulSets analysed per replica, selectors not modelled), for reports. */
  notes: string[];
  /** Addresses of every external block text that rules name (for refs in connections). */
  blocks: Map<string, AddressSet>;
  /** Per workload ref, the policies of other kinds that also govern it, which this analysis does not model. */
  notModelled: ReadonlyMap<string, readonly NotModelledPolicy[]>;
  /** What is derived from this analysis, computed when first asked and then kept with it. */
  results: ReachResults;
}

/** An analysis of some namespaces' policies (analyseNamespaces): what explaining a connection there needs, without the results of a whole workspace. */
export type FocusedAnalysis = Omit<ReachAnalysis, 'results'>;

/** A connection between two refs (workload refs, or an external block's text). */
export interface ReachConnection {
  from: string;
  to: string;
  /** Which side is outside the cluster, if one is. */
  external?: 'from' | 'to';
  ports: ConnectionSet;
}

/** Per source class id, the destination class ids with the ports allowed end to end; only non-empty entries. */
export type ClassMatrix = Map<number, ClassRow>;
export type ClassRow = Map<number, ConnectionSet>;

export interface WorkloadConnections {
  inbound: ReachConnection[];
  outbound: ReachConnection[];
}

/** The results of an analysis (reach/state.ts computes each once, the matrix from the previous analysis's when it can). */
export interface ReachResults {
  classMatrix(): ClassMatrix;
  /** Every connection with something allowed, workloads and external blocks, sorted by from then to; a workload to itself is left out. */
  connections(): ReachConnection[];
  /** The same connections in the same order, made as they are read and kept by nobody (the kept list once made). */
  eachConnection(): Iterable<ReachConnection>;
  /** Connections into and out of one workload (reasons come from explainConnection, per peer). */
  connectionsOf(ref: string): WorkloadConnections;
}

/** What the ports of a rule allow to a destination exposing `ports` ([] for an external address: no named port resolves). */
export function rulePortsTo(rule: CompiledRule, ports: readonly ContainerPort[]): ConnectionSet {
  return rule.fixedPorts ?? resolvePorts(rule.rule.ports, ports);
}

/** Every outside address, one block per family, as reports name them. */
export const WORLD_BLOCKS: readonly ExternalBlock[] = [
  { text: '0.0.0.0/0', addresses: { v4: EVERY_ADDRESS.v4, v6: [] } },
  { text: '::/0', addresses: { v4: [], v6: EVERY_ADDRESS.v6 } },
];
