// The workspace prepared for reachability: workloads grouped into classes that no
// selector can tell apart, valid policies compiled into rules whose peers are SETS
// of classes, and per class and direction the policies that isolate it and the rules
// that allow something. Kubernetes semantics (concepts/services-networking/network-policies):
// - "Isolation of pods": a pod is isolated for ingress (egress) when any policy of its
//   namespace selects it with Ingress (Egress) in its effective policyTypes; a
//   direction no policy isolates allows everything.
// - Allowed traffic is the union of the rules of every policy that selects the pod
//   ("policies are additive"); a connection needs the source's egress AND the
//   destination's ingress.
// - "Behavior of to and from selectors": podSelector alone = the policy's namespace,
//   namespaceSelector alone = every pod of those namespaces, both in one item = AND.
//   `from`/`to` absent or [] = every peer, pods and outside addresses alike.
// - ipBlock: manifests carry no pod IPs, so an ipBlock only ever matches addresses
//   outside the cluster (external peers).
//
// Invalid policies (any error diagnostic) are left out: the API server would refuse them.
import type { KubeObject } from '../manifests';
import {
  effectiveRules,
  ipBlockAddresses,
  isolates,
  normalizePolicy,
  describeIpBlock,
  type NetworkPolicyModel,
  type PolicyRule,
} from '../policy';
import { dependsOnDestination, resolvePorts, type ConnectionSet, type ContainerPort } from '../ports';
import { compareStrings, isValidSelector, selectorMatches, type LabelSelector, type Labels } from '../selectors';
import type { EngineDiagnostic, Range } from '../types';
import { defaultValidationOptions, validateNetworkPolicy, type ValidationOptions } from '../validate';
import type { Workspace } from '../workspace';
import type { NetworkPolicyEntry, Workload } from '../workloads';
import { EVERY_ADDRESS, NO_ADDRESSES, unionAddresses, type AddressSet } from '../cidrSet';

/** Workloads that no selector can tell apart: same namespace, same pod labels, same container ports. */
export interface WorkloadClass {
  id: number;
  namespace: string;
  labels: Labels;
  ports: readonly ContainerPort[];
  members: Workload[];
  ingress: ClassSide;
  egress: ClassSide;
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
  /** Addresses of every external block text that rules name (for refs in connections). */
  blocks: Map<string, AddressSet>;
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

// ---- per-object caches: an edit re-validates and re-reads only the policies of the edited file

interface PolicyCheck {
  errors: EngineDiagnostic[];
}

const checks = new WeakMap<KubeObject, Map<string, PolicyCheck>>();
const models = new WeakMap<KubeObject, Map<string, NetworkPolicyModel>>();

function checkPolicy(object: KubeObject, options: ValidationOptions): PolicyCheck {
  const key = `${options.kubernetesVersion.major}.${options.kubernetesVersion.minor}`;
  let byOptions = checks.get(object);
  if (!byOptions) checks.set(object, (byOptions = new Map()));
  let check = byOptions.get(key);
  if (!check) {
    check = { errors: validateNetworkPolicy(object, options).filter((d) => d.severity === 'error') };
    byOptions.set(key, check);
  }
  return check;
}

function modelOf(entry: NetworkPolicyEntry): NetworkPolicyModel {
  let byNamespace = models.get(entry.object);
  if (!byNamespace) models.set(entry.object, (byNamespace = new Map()));
  let model = byNamespace.get(entry.namespace);
  if (!model) byNamespace.set(entry.namespace, (model = normalizePolicy(entry.object, entry.namespace)));
  return model;
}

const analyses = new WeakMap<Workspace, Map<string, ReachAnalysis>>();

/** The analysis of a workspace at its current version (cached per version and validation options). */
export function analyseWorkspace(workspace: Workspace, options: ReachOptions = {}): ReachAnalysis {
  const validation = options.validation ?? defaultValidationOptions;
  const key = `${validation.kubernetesVersion.major}.${validation.kubernetesVersion.minor}`;
  let byOptions = analyses.get(workspace);
  if (!byOptions) analyses.set(workspace, (byOptions = new Map()));
  const cached = byOptions.get(key);
  if (cached && cached.version === workspace.version) return cached;
  const analysis = buildAnalysis(workspace, validation, cached);
  byOptions.set(key, analysis);
  return analysis;
}

/**
 * Workload classes and selector matching, kept from one analysis to the next while
 * the workloads and the namespace labels stay the same (a policy edit): class ids
 * are then stable, and rules of unchanged policies keep their compiled form.
 */
interface Structure {
  workloads: Workload[];
  namespaceKey: string;
  classes: WorkloadClass[];
  classOf: Map<string, WorkloadClass>;
  classesByNamespace: Map<string, WorkloadClass[]>;
  matcher: PeerMatcher;
}

const structures = new WeakMap<ReachAnalysis, Structure>();
const compiledPolicies = new WeakMap<NetworkPolicyModel, CompiledPolicy>();
const compiledRules = new WeakMap<PolicyRule, { structure: Structure; rule: CompiledRule }>();

/** The analysis an analysis was built from, when they share their structure (for incremental matrices). */
const predecessors = new WeakMap<ReachAnalysis, ReachAnalysis>();
export const predecessorOf = (analysis: ReachAnalysis): ReachAnalysis | undefined => predecessors.get(analysis);
export const forgetPredecessor = (analysis: ReachAnalysis): void => {
  predecessors.delete(analysis);
};

function structureFor(workspace: Workspace, previous: Structure | undefined): Structure {
  const workloads: Workload[] = [];
  for (const workload of workspace.workloads()) {
    if (workloads.length > 0 && workloads[workloads.length - 1].ref === workload.ref) continue;
    workloads.push(workload);
  }
  const namespaces = workspace.namespaces();
  const namespaceKey = namespaces
    .map(
      (ns) =>
        `${ns.name}\u0000${Object.keys(ns.labels)
          .sort(compareStrings)
          .map((k) => `${k}=${ns.labels[k]}`)
          .join('\u0001')}`,
    )
    .join('\u0002');
  if (
    previous &&
    previous.namespaceKey === namespaceKey &&
    previous.workloads.length === workloads.length &&
    previous.workloads.every((w, i) => w === workloads[i])
  )
    return previous;
  const { classes, classOf, classesByNamespace } = groupWorkloads(workloads);
  const matcher = new PeerMatcher(classesByNamespace, new Map(namespaces.map((ns) => [ns.name, ns.labels])));
  return { workloads, namespaceKey, classes, classOf, classesByNamespace, matcher };
}

function buildAnalysis(
  workspace: Workspace,
  validation: ValidationOptions,
  previousAnalysis: ReachAnalysis | undefined,
): ReachAnalysis {
  const previous = previousAnalysis && structures.get(previousAnalysis);
  const structure = structureFor(workspace, previous);
  const { matcher } = structure;
  // Sides are per analysis; the classes' identity (id, labels, ports, members) is the structure's.
  const classes: WorkloadClass[] = structure.classes.map((c) => ({
    ...c,
    ingress: { isolating: [], rules: [] },
    egress: { isolating: [], rules: [] },
  }));
  const classOf = new Map<string, WorkloadClass>();
  for (const workloadClass of classes) for (const member of workloadClass.members) classOf.set(member.ref, workloadClass);

  const policies: CompiledPolicy[] = [];
  const blocks = new Map<string, AddressSet>(WORLD_BLOCKS.map((block) => [block.text, block.addresses]));
  const leftOut: LeftOutPolicyInfo[] = [];
  for (const entry of workspace.networkPolicies()) {
    const model = modelOf(entry);
    const ref = `${entry.namespace}/${model.name}`;
    const { errors } = checkPolicy(entry.object, validation);
    if (errors.length > 0) {
      const first = errors[0];
      leftOut.push({
        policy: ref,
        uri: model.uri,
        range: model.nameRange,
        reason: `${errors.length} validation error${errors.length === 1 ? '' : 's'} (first: ${first.code} at line ${first.range.start.line + 1}: ${first.message})`,
      });
      continue;
    }
    let policy = compiledPolicies.get(model);
    if (!policy) compiledPolicies.set(model, (policy = { ref, model }));
    policies.push(policy);
    const selected = matcher.podsIn(model.podSelector.selector, entry.namespace);
    for (const direction of ['ingress', 'egress'] as const) {
      if (!isolates(model, direction)) continue;
      const rules = effectiveRules(model, direction).map((rule) => {
        const known = compiledRules.get(rule);
        if (known && known.structure === structure) return known.rule;
        const compiled = compileRule(policy, rule, matcher);
        compiledRules.set(rule, { structure, rule: compiled });
        return compiled;
      });
      for (const rule of rules) for (const block of rule.blocks) blocks.set(block.text, block.addresses);
      for (const id of selected) {
        const side = classes[id][direction];
        side.isolating.push(policy);
        side.rules.push(...rules);
      }
    }
  }
  const analysis: ReachAnalysis = {
    version: workspace.version,
    workloads: structure.workloads,
    classes,
    classOf,
    policies,
    leftOut,
    blocks,
  };
  structures.set(analysis, structure);
  if (previousAnalysis) {
    // At most one step back: the previous analysis lets go of its own predecessor.
    predecessors.delete(previousAnalysis);
    if (previous === structure) predecessors.set(analysis, previousAnalysis);
  }
  return analysis;
}

function compileRule(policy: CompiledPolicy, rule: PolicyRule, matcher: PeerMatcher): CompiledRule {
  let everyone = false;
  const classes = new Set<number>();
  const blocks: ExternalBlock[] = [];
  let external = NO_ADDRESSES;
  for (const peer of rule.peers) {
    switch (peer.kind) {
      case 'all':
        everyone = true;
        break;
      case 'selector': {
        const namespaces = peer.namespaceSelector
          ? matcher.namespaces(peer.namespaceSelector.selector)
          : [policy.model.namespace];
        for (const namespace of namespaces) {
          for (const id of peer.podSelector ? matcher.podsIn(peer.podSelector.selector, namespace) : matcher.allIn(namespace))
            classes.add(id);
        }
        break;
      }
      case 'ipBlock': {
        const addresses = ipBlockAddresses(peer);
        blocks.push({ text: describeIpBlock(peer), addresses });
        external = unionAddresses(external, addresses);
        break;
      }
      case 'invalid':
        break;
    }
  }
  if (everyone) {
    classes.clear();
    blocks.splice(0, blocks.length, ...WORLD_BLOCKS);
    external = EVERY_ADDRESS;
  }
  const fixedPorts = dependsOnDestination(rule.ports) ? undefined : resolvePorts(rule.ports, []);
  return { policy, rule, everyone, classes, blocks, external, fixedPorts };
}

/** Selector matching over classes and namespaces, cached by selector text (the same selectors recur in every namespace). */
class PeerMatcher {
  private readonly namespaceCache = new Map<string, string[]>();
  private readonly podCache = new Map<string, number[]>();
  private readonly namespaceNames: string[];

  constructor(
    private readonly classesByNamespace: Map<string, WorkloadClass[]>,
    private readonly namespaceLabels: Map<string, Labels>,
  ) {
    this.namespaceNames = [...namespaceLabels.keys()].sort(compareStrings);
  }

  namespaces(selector: LabelSelector): string[] {
    const key = selectorKey(selector);
    let found = this.namespaceCache.get(key);
    if (!found) {
      found = this.namespaceNames.filter((name) => selectorMatches(selector, this.namespaceLabels.get(name)!));
      this.namespaceCache.set(key, found);
    }
    return found;
  }

  podsIn(selector: LabelSelector, namespace: string): number[] {
    const key = `${namespace}\u0000${selectorKey(selector)}`;
    let found = this.podCache.get(key);
    if (!found) {
      found = (this.classesByNamespace.get(namespace) ?? []).filter((c) => selectorMatches(selector, c.labels)).map((c) => c.id);
      this.podCache.set(key, found);
    }
    return found;
  }

  allIn(namespace: string): number[] {
    return (this.classesByNamespace.get(namespace) ?? []).map((c) => c.id);
  }
}

function selectorKey(selector: LabelSelector): string {
  if (!isValidSelector(selector)) return '!invalid';
  const labels = selector.matchLabels.map((m) => `${m.key}=${m.value}`).sort(compareStrings);
  const expressions = selector.matchExpressions
    .map((e) => `${e.key} ${e.operator} ${[...e.values].sort(compareStrings).join(',')}`)
    .sort(compareStrings);
  return `${labels.join('\u0001')}\u0002${expressions.join('\u0001')}`;
}

function groupWorkloads(workloads: readonly Workload[]) {
  const byKey = new Map<string, WorkloadClass>();
  const classes: WorkloadClass[] = [];
  const classOf = new Map<string, WorkloadClass>();
  const classesByNamespace = new Map<string, WorkloadClass[]>();
  for (const workload of workloads) {
    const key = classKey(workload);
    let found = byKey.get(key);
    if (!found) {
      found = {
        id: classes.length,
        namespace: workload.namespace,
        labels: workload.labels,
        ports: workload.ports,
        members: [],
        ingress: { isolating: [], rules: [] },
        egress: { isolating: [], rules: [] },
      };
      byKey.set(key, found);
      classes.push(found);
      const list = classesByNamespace.get(workload.namespace) ?? [];
      list.push(found);
      classesByNamespace.set(workload.namespace, list);
    }
    found.members.push(workload);
    classOf.set(workload.ref, found);
  }
  return { classes, classOf, classesByNamespace };
}

/** Class keys by workload object: an edit leaves the other workloads' objects, and so their keys, as they were. */
const classKeys = new WeakMap<Workload, string>();

function classKey(workload: Workload): string {
  let key = classKeys.get(workload);
  if (key === undefined) classKeys.set(workload, (key = computeClassKey(workload)));
  return key;
}

function computeClassKey(workload: Workload): string {
  const labels = Object.keys(workload.labels)
    .sort(compareStrings)
    .map((key) => `${key}=${workload.labels[key]}`);
  const ports = workload.ports.map((p) => `${p.name ?? ''}/${p.protocol}/${p.containerPort}`).sort(compareStrings);
  return `${workload.namespace}\u0000${labels.join('\u0001')}\u0000${ports.join('\u0001')}`;
}
