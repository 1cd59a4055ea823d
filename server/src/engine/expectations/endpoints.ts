// The endpoints of an expectation resolved against a reach analysis (§5.4): workloads
// grouped by their class (workloads no selector tells apart answer alike, so a pair of
// classes is evaluated once), addresses outside the cluster, and hypothetical pods.
//
// Kubernetes facts used (concepts/services-networking/network-policies):
// - A selector pair in one peer is AND: namespaceSelector picks namespaces by their
//   labels, podSelector pods in them ("Behavior of to and from selectors").
// - hostNetwork pods: NetworkPolicy behaviour is undefined ("Pod lifecycle" / the
//   hostNetwork note): a selector form leaves them out (as PeerMatcher does), a ref
//   naming one is an error.
import { EVERY_ADDRESS, NO_ADDRESSES, unionAddresses, type AddressSet } from '../cidrSet';
import { describeIpBlock, effectiveRules, ipBlockAddresses, isolates, type Direction, type PolicyRule } from '../policy';
import { mentionsControllerLabels, selectorMatchesPod } from '../podLabels';
import { compareStrings, isValidSelector, selectorMatches, type LabelSelector, type Labels } from '../selectors';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { resolveEndpoint, type Endpoint, type LeftOutPolicyInfo, type ReachAnalysis } from '../reach';
import {
  WORLD_BLOCKS,
  type ClassSide,
  type CompiledPolicy,
  type CompiledRule,
  type ExternalBlock,
  type WorkloadClass,
} from '../reach/model';
import type { EndpointSpec, ExpectationError, RefSpec } from './model';

/** Workloads of one class on one side of an expectation. */
export interface ClassGroup {
  kind: 'class';
  cls: WorkloadClass;
  /** Sorted by ref. */
  members: Workload[];
}

export interface ExternalGroup {
  kind: 'external';
  ref: string;
  addresses: AddressSet;
}

/** A pod that does not exist, with a class of its own (id < 0: no rule of the analysis names it). */
export interface HypotheticalGroup {
  kind: 'hypothetical';
  ref: string;
  cls: WorkloadClass;
  workload: Workload;
}

export type Group = ClassGroup | ExternalGroup | HypotheticalGroup;

export interface ResolvedSide {
  groups: Group[];
  /** Workload refs of the side (for self pairs and witness order). */
  refs: Set<string>;
  errors: ExpectationError[];
  notes: string[];
  /** Every selector form on this side allowed an empty match. */
  allowEmpty: boolean;
}

/** A policy the analysis left out as invalid, and which pods it may select in which directions (as far as it can be read). */
export interface LeftOutSuspect {
  info: LeftOutPolicyInfo;
  namespace: string;
  /** Its podSelector when it can be read; undefined: it may select any pod of its namespace. */
  selector?: LabelSelector;
  directions: readonly Direction[];
}

/** What resolving needs of the analysis, computed once per analysis. */
export class ResolveContext {
  readonly classesByNamespace = new Map<string, WorkloadClass[]>();
  readonly namespaceLabels = new Map<string, Labels>();
  readonly namespaceNames: string[];
  /** Left-out policies that may select pods (a copy replaced by a later one of the same name is no doubt). */
  readonly suspects: LeftOutSuspect[];
  private hypotheticals = 0;
  /** `"*"` resolved (resolveSide), once. */
  everyone: ResolvedSide | undefined;

  constructor(
    readonly analysis: ReachAnalysis,
    readonly workspace: Workspace,
  ) {
    for (const c of analysis.classes) {
      const list = this.classesByNamespace.get(c.namespace) ?? [];
      list.push(c);
      this.classesByNamespace.set(c.namespace, list);
    }
    for (const ns of workspace.namespaces()) this.namespaceLabels.set(ns.name, ns.labels);
    this.namespaceNames = [...this.namespaceLabels.keys()].sort(compareStrings);
    this.suspects = leftOutSuspects(analysis, workspace);
  }

  /** The left-out policies that may select a pod of this class for `direction`. */
  suspectsFor(cls: Pick<WorkloadClass, 'namespace' | 'labels'>, direction: Direction): LeftOutSuspect[] {
    return this.suspects.filter(
      (s) =>
        s.namespace === cls.namespace &&
        s.directions.includes(direction) &&
        (!s.selector || selectorMatches(s.selector, cls.labels)),
    );
  }

  nextHypotheticalId(): number {
    return -1 - this.hypotheticals++;
  }

  namespacesSelectedBy(selector: LabelSelector): string[] {
    return this.namespaceNames.filter((name) => selectorMatches(selector, this.namespaceLabels.get(name)!));
  }
}

function leftOutSuspects(analysis: ReachAnalysis, workspace: Workspace): LeftOutSuspect[] {
  const relevant = analysis.leftOut.filter((entry) => !entry.reason.startsWith('replaced by'));
  if (relevant.length === 0) return [];
  const copies = workspace.networkPolicyCopies().flat();
  return relevant.map((info) => {
    const namespace = info.policy.slice(0, info.policy.indexOf('/'));
    const copy = copies.find(
      (c) => c.object.uri === info.uri && `${c.namespace}/${workspace.policyModel(c.object).name}` === info.policy,
    );
    if (!copy) return { info, namespace, directions: ['ingress', 'egress'] };
    const model = workspace.policyModel(copy.object);
    const directions = (['ingress', 'egress'] as const).filter((d) => isolates(model, d));
    const selector = model.podSelector.selector;
    return {
      info,
      namespace,
      ...(isValidSelector(selector) ? { selector } : {}),
      // policyTypes it cannot be read from: either direction.
      directions: directions.length > 0 ? directions : ['ingress', 'egress'],
    };
  });
}

/** As PeerMatcher: a selector that depends on labels controllers set with unknown values is taken as not matching. */
export function selectorMatchesClass(selector: LabelSelector, c: Pick<WorkloadClass, 'labels' | 'unknownKeys'>): boolean {
  if (!mentionsControllerLabels(selector)) return selectorMatches(selector, c.labels);
  return isValidSelector(selector) && selectorMatchesPod(selector, c.labels, c.unknownKeys) === true;
}

export function resolveSide(specs: readonly EndpointSpec[], context: ResolveContext, uri: string): ResolvedSide {
  // "*" alone is the commonest side and the largest: resolved once per analysis.
  if (specs.length === 1 && specs[0].kind === 'everyone') return (context.everyone ??= resolveSpecs(specs, context, uri));
  return resolveSpecs(specs, context, uri);
}

function resolveSpecs(specs: readonly EndpointSpec[], context: ResolveContext, uri: string): ResolvedSide {
  const { analysis } = context;
  const workloads = new Map<string, Workload>();
  const others: Group[] = [];
  const errors: ExpectationError[] = [];
  const notes: string[] = [];
  let allowEmpty = specs.length > 0;
  const leaveOutHostNetwork = (found: Workload[], what: string): Workload[] =>
    found.filter((w) => {
      if (!w.hostNetwork) return true;
      notes.push(
        `${w.ref} is left out of ${what}: it uses hostNetwork, so NetworkPolicies do not decide its traffic and no selector matches it.`,
      );
      return false;
    });
  const refsOf = (spec: RefSpec | { ref: string; range: EndpointSpec['range'] }): Workload[] | undefined => {
    const found = resolveEndpoint(analysis, spec.ref);
    if ('error' in found) {
      errors.push({ message: `unknown ref: ${found.error}`, range: spec.range });
      return undefined;
    }
    if (found.kind === 'external') {
      errors.push({ message: `"${spec.ref}" is an address: write {cidr: ${spec.ref}}`, range: spec.range });
      return undefined;
    }
    return found.kind === 'replicas' ? found.replicas.map((r) => r.workload) : [found.workload];
  };
  const withoutExcept = (found: Workload[], except: readonly RefSpec[]): Workload[] => {
    const removed = new Set<string>();
    for (const spec of except) for (const w of refsOf(spec) ?? []) removed.add(w.ref);
    return found.filter((w) => !removed.has(w.ref));
  };
  for (const spec of specs) {
    let found: Workload[] = [];
    let empty: string | undefined;
    switch (spec.kind) {
      case 'everyone':
        allowEmpty = false;
        found = leaveOutHostNetwork([...analysis.workloads], '"*"');
        empty = '"*" matches no workload: the analysed manifests hold none';
        break;
      case 'ref': {
        allowEmpty = false;
        const named = refsOf(spec);
        if (!named) continue;
        for (const w of named)
          if (w.hostNetwork)
            errors.push({
              message: `${w.ref} uses hostNetwork: NetworkPolicy behaviour for such pods is implementation-defined (its traffic is the node's), so no verdict can be given`,
              range: spec.range,
            });
        found = named.filter((w) => !w.hostNetwork);
        break;
      }
      case 'namespace':
        allowEmpty &&= spec.allowEmpty;
        found = withoutExcept(
          leaveOutHostNetwork(
            analysis.workloads.filter((w) => w.namespace === spec.namespace),
            `namespace ${spec.namespace}`,
          ),
          spec.except,
        );
        if (found.length === 0 && !spec.allowEmpty)
          empty = context.namespaceLabels.has(spec.namespace)
            ? `namespace ${spec.namespace} has no workload${spec.except.length > 0 ? ' left after except' : ''} in the analysed manifests (allowEmpty: true accepts that)`
            : `namespace ${spec.namespace} is not in the analysed manifests (allowEmpty: true accepts that)`;
        break;
      case 'selector': {
        allowEmpty &&= spec.allowEmpty;
        const namespaces =
          spec.namespace !== undefined
            ? [spec.namespace]
            : spec.namespaceSelector
              ? context.namespacesSelectedBy(spec.namespaceSelector)
              : context.namespaceNames;
        const matched: Workload[] = [];
        for (const namespace of namespaces)
          for (const c of context.classesByNamespace.get(namespace) ?? [])
            if (!spec.podSelector || selectorMatchesClass(spec.podSelector, c)) matched.push(...c.members);
        found = withoutExcept(leaveOutHostNetwork(matched, 'the selector'), spec.except);
        if (found.length === 0 && !spec.allowEmpty)
          empty = `the selector matches no workload${spec.except.length > 0 ? ' left after except' : ''} in the analysed manifests (allowEmpty: true accepts that)`;
        break;
      }
      case 'cidr':
        allowEmpty = false;
        others.push({
          kind: 'external',
          ref: `${spec.cidr}${spec.except.length > 0 ? ` except ${spec.except.join(', ')}` : ''}`,
          addresses: spec.addresses,
        });
        continue;
      case 'hypothetical': {
        allowEmpty = false;
        const group = hypothetical(spec, context, uri);
        if ('message' in group) errors.push(group);
        else others.push(group);
        continue;
      }
    }
    if (empty && found.length === 0) errors.push({ message: empty, range: spec.range });
    for (const w of found) workloads.set(w.ref, w);
  }
  const byClass = new Map<WorkloadClass, Workload[]>();
  for (const w of [...workloads.values()].sort((a, b) => compareStrings(a.ref, b.ref))) {
    const cls = analysis.classOf.get(w.ref)!;
    const list = byClass.get(cls) ?? [];
    list.push(w);
    byClass.set(cls, list);
  }
  const groups: Group[] = [...byClass].map(([cls, members]) => ({ kind: 'class' as const, cls, members }));
  groups.push(...others);
  return { groups, refs: new Set(workloads.keys()), errors, notes, allowEmpty };
}

/**
 * A pod that does not exist, in a namespace of the workspace (its labels are the
 * Namespace manifest's), with the sides the policies of its namespace would give it.
 */
function hypothetical(
  spec: Extract<EndpointSpec, { kind: 'hypothetical' }>,
  context: ResolveContext,
  uri: string,
): HypotheticalGroup | ExpectationError {
  if (!context.namespaceLabels.has(spec.namespace))
    return {
      message: `namespace ${spec.namespace} is not in the analysed manifests: its labels (which namespaceSelectors see) are unknown`,
      range: spec.range,
    };
  const labelText = Object.keys(spec.labels)
    .sort(compareStrings)
    .map((k) => `${k}=${spec.labels[k]}`)
    .join(',');
  const ref = `${spec.namespace}/(new pod {${labelText}})`;
  const workload: Workload = {
    ref,
    kind: 'Pod',
    namespace: spec.namespace,
    name: '(new pod)',
    replicas: 1,
    labels: spec.labels,
    ports: [],
    sources: [{ uri, range: spec.range }],
    ownedPods: false,
  };
  const cls: WorkloadClass = {
    id: context.nextHypotheticalId(),
    namespace: spec.namespace,
    labels: spec.labels,
    ports: [],
    hostNetwork: false,
    unknownKeys: [],
    members: [workload],
    ingress: { isolating: [], rules: [] },
    egress: { isolating: [], rules: [] },
    notModelled: [],
  };
  for (const policy of context.analysis.policies) {
    const { model } = policy;
    if (model.namespace !== spec.namespace || !selectorMatches(model.podSelector.selector, spec.labels)) continue;
    for (const direction of ['ingress', 'egress'] as const) {
      if (!isolates(model, direction)) continue;
      cls[direction].isolating.push(policy);
      cls[direction].rules.push(...effectiveRules(model, direction).map((rule) => compileRule(policy, rule, context, cls)));
    }
  }
  return { kind: 'hypothetical', ref, cls, workload };
}

/** A rule of a policy selecting a hypothetical pod, compiled against the analysis's classes (and the pod itself). */
function compileRule(policy: CompiledPolicy, rule: PolicyRule, context: ResolveContext, self: WorkloadClass): CompiledRule {
  let everyone = false;
  const classes = new Set<number>();
  let blocks: ExternalBlock[] = [];
  let external = NO_ADDRESSES;
  for (const peer of rule.peers) {
    if (peer.kind === 'all') everyone = true;
    else if (peer.kind === 'ipBlock') {
      const addresses = ipBlockAddresses(peer);
      blocks.push({ text: describeIpBlock(peer), addresses });
      external = unionAddresses(external, addresses);
    } else if (peer.kind === 'selector') {
      const namespaces = peer.namespaceSelector
        ? context.namespacesSelectedBy(peer.namespaceSelector.selector)
        : [policy.model.namespace];
      for (const namespace of namespaces)
        for (const c of context.classesByNamespace.get(namespace) ?? [])
          if (!c.hostNetwork && (!peer.podSelector || selectorMatchesClass(peer.podSelector.selector, c))) classes.add(c.id);
    }
  }
  if (peersMatchPod(rule, policy.model.namespace, self, context)) classes.add(self.id);
  if (everyone) {
    classes.clear();
    blocks = [...WORLD_BLOCKS];
    external = EVERY_ADDRESS;
  }
  return { policy, rule, everyone, classes, blocks, external };
}

/** Whether a selector peer of the rule matches a pod of this class (NetworkPolicyPeer: both selectors must match). */
function peersMatchPod(rule: PolicyRule, policyNamespace: string, pod: WorkloadClass, context: ResolveContext): boolean {
  const namespaceLabels = context.namespaceLabels.get(pod.namespace) ?? {};
  return rule.peers.some(
    (peer) =>
      peer.kind === 'selector' &&
      (peer.namespaceSelector
        ? selectorMatches(peer.namespaceSelector.selector, namespaceLabels)
        : policyNamespace === pod.namespace) &&
      (!peer.podSelector || selectorMatches(peer.podSelector.selector, pod.labels)),
  );
}

/**
 * A class as seen by hypothetical pods: its rules whose selector peers would match one
 * of them name it too. The analysis's own classes are left as they are.
 */
export function withHypotheticals(
  cls: WorkloadClass,
  pods: readonly HypotheticalGroup[],
  context: ResolveContext,
): WorkloadClass {
  if (pods.length === 0) return cls;
  const side = (of: ClassSide): ClassSide => ({
    isolating: of.isolating,
    rules: of.rules.map((rule) => {
      if (rule.everyone) return rule;
      const added = pods.filter((pod) => peersMatchPod(rule.rule, rule.policy.model.namespace, pod.cls, context));
      return added.length === 0 ? rule : { ...rule, classes: new Set([...rule.classes, ...added.map((p) => p.cls.id)]) };
    }),
  });
  return { ...cls, ingress: side(cls.ingress), egress: side(cls.egress) };
}

/** The reach endpoint of one member of a group. */
export function endpointOfMember(
  analysis: ReachAnalysis,
  group: Group,
  workload: Workload | undefined,
  cls?: WorkloadClass,
): Extract<Endpoint, { kind: 'workload' | 'external' }> {
  if (group.kind === 'external') return { kind: 'external', ref: group.ref, addresses: group.addresses };
  const member = workload ?? (group.kind === 'hypothetical' ? group.workload : group.members[0]);
  const notModelled = analysis.notModelled.get(member.ref);
  return {
    kind: 'workload',
    ref: member.ref,
    workload: member,
    workloadClass: cls ?? group.cls,
    ...(notModelled ? { notModelled } : {}),
  };
}
