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
import { describeWhere } from '../applyOrder';
import { EVERY_ADDRESS, NO_ADDRESSES, unionAddresses, type AddressSet } from '../cidrSet';
import type { KubeObject } from '../manifests';
import { describeIpBlock, effectiveRules, ipBlockAddresses, isolates, type NetworkPolicyModel, type PolicyRule } from '../policy';
import { dependsOnDestination, resolvePorts } from '../ports';
import { compareRangeStarts } from '../ranges';
import { mentionsControllerLabels, selectorMatchesPod } from '../podLabels';
import { compareStrings, isValidSelector, type LabelSelector } from '../selectors';
import type { EngineDiagnostic } from '../types';
import type { Workspace } from '../workspace';
import type { NetworkPolicyEntry } from '../workloads';
import type { ClassStructure, PeerMatcher } from './classes';
import { HOST_NETWORK_NOTE, REPLICA_REASON } from './describe';
import {
  WORLD_BLOCKS,
  type CompiledPolicy,
  type CompiledRule,
  type ExternalBlock,
  type LeftOutPolicyInfo,
  type ReachAnalysis,
  type WorkloadClass,
} from './model';

/** What an analysis takes from the ones before it: ReachState (reach/state.ts) keeps these per indexed object. */
export interface AnalysisCaches {
  /** The error diagnostics of a policy object under the state's validation options. */
  errorsOf(object: KubeObject): readonly EngineDiagnostic[];
  /** One compiled policy per model: an unchanged policy keeps its identity from one analysis to the next. */
  compiledPolicy(ref: string, model: NetworkPolicyModel, caveat?: string): CompiledPolicy;
}

/** The analysis of the workspace on its class structure, but for its results (ReachState attaches them). */
export function analyse(
  workspace: Workspace,
  structure: ClassStructure,
  caches: AnalysisCaches,
  /** Only the policies of these namespaces (and what concerns their workloads): enough for a question about workloads there. */
  focus?: ReadonlySet<string>,
): Omit<ReachAnalysis, 'results'> {
  const { matcher } = structure;
  // Sides are per analysis; the classes' identity (id, labels, ports, members) is the structure's.
  const classes: WorkloadClass[] = structure.classes.map((c) => ({
    ...c,
    ingress: { isolating: [], rules: [] },
    egress: { isolating: [], rules: [] },
    notModelled: [],
  }));
  const classOf = new Map<string, WorkloadClass>();
  for (const workloadClass of classes) for (const member of workloadClass.members) classOf.set(member.ref, workloadClass);

  const policies: CompiledPolicy[] = [];
  const blocks = new Map<string, AddressSet>(WORLD_BLOCKS.map((block) => [block.text, block.addresses]));
  const { held, leftOut, adjusted } = heldPolicies(workspace, caches, focus);
  for (const { entry, caveat } of held) {
    const model = workspace.policyModel(entry.object);
    const ref = `${entry.namespace}/${model.name}`;
    const policy = caches.compiledPolicy(ref, model, caveat);
    policies.push(policy);
    const selected = matcher.podsIn(model.podSelector.selector, entry.namespace);
    for (const direction of ['ingress', 'egress'] as const) {
      if (!isolates(model, direction)) continue;
      const rules = effectiveRules(model, direction).map((rule) => {
        let compiled = structure.compiledRules.get(rule);
        if (!compiled) structure.compiledRules.set(rule, (compiled = compileRule(policy, rule, matcher)));
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
  leftOut.sort((a, b) => compareStrings(a.uri, b.uri) || compareRangeStarts(a.range, b.range));
  const notes = analysisNotes(structure, classes, policies, focus);
  // Policies of other kinds, per workload ref (a replica answers for its StatefulSet's).
  const notModelled = new Map(
    structure.workloads.flatMap((w) => {
      if (focus && !focus.has(w.namespace)) return [];
      const foreign = workspace.notModelledFor(w.replica?.of ?? w.ref);
      return foreign.length > 0 ? [[w.ref, foreign] as const] : [];
    }),
  );
  return {
    version: workspace.version,
    workloads: structure.workloads,
    classes,
    classOf,
    policies,
    leftOut,
    adjusted,
    blocks,
    notes,
    notModelled,
  };
}

/**
 * What the connections rest on beyond the policies: hostNetwork pods, StatefulSets analysed
 * per replica, and selectors that depend on labels whose values no manifest tells.
 */
function analysisNotes(
  structure: ClassStructure,
  classes: readonly WorkloadClass[],
  policies: readonly CompiledPolicy[],
  focus: ReadonlySet<string> | undefined,
): string[] {
  const notes: string[] = [];
  const workloads = focus ? structure.workloads.filter((w) => focus.has(w.namespace)) : structure.workloads;
  for (const workload of workloads) if (workload.hostNetwork) notes.push(`${workload.ref} ${HOST_NETWORK_NOTE}`);
  const split = new Map<string, string[]>();
  for (const workload of workloads)
    if (workload.replica) split.set(workload.replica.of, [...(split.get(workload.replica.of) ?? []), workload.ref]);
  for (const [of, refs] of split) notes.push(`${of} is analysed per replica (${refs.join(', ')}): ${REPLICA_REASON}.`);
  for (const policy of policies) {
    const { model } = policy;
    const keys = new Set<string>();
    const undecidedClasses = new Set<number>();
    // The namespaces are asked for only of the rare selector that mentions such labels: this runs for every policy after each edit.
    const undecided = (selector: LabelSelector, namespaces: () => readonly string[]): void => {
      if (!mentionsControllerLabels(selector) || !isValidSelector(selector)) return;
      for (const namespace of namespaces())
        for (const c of structure.classesByNamespace.get(namespace) ?? [])
          if (!c.hostNetwork && selectorMatchesPod(selector, c.labels, c.unknownKeys, keys) === 'unknown')
            undecidedClasses.add(c.id);
    };
    undecided(model.podSelector.selector, () => [model.namespace]);
    for (const direction of ['ingress', 'egress'] as const)
      for (const rule of effectiveRules(model, direction))
        for (const peer of rule.peers)
          if (peer.kind === 'selector' && peer.podSelector) {
            const { namespaceSelector } = peer;
            undecided(peer.podSelector.selector, () =>
              namespaceSelector ? structure.matcher.namespaces(namespaceSelector.selector) : [model.namespace],
            );
          }
    if (keys.size === 0) continue;
    const what = `${policy.ref} selects by ${[...keys].sort(compareStrings).join(', ')}, which controllers set to values the manifests do not tell: not modelled`;
    notes.push(`${what}, taken as matching no such pod.`);
    for (const id of undecidedClasses)
      classes[id].notModelled.push(`${what}, taken as not matching these pods: the cluster may decide differently.`);
  }
  return notes;
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

/**
 * The NetworkPolicies the cluster holds, by URI then position: of the copies of one
 * namespace/name, the last one applied that the API server accepts (a refused apply
 * leaves the earlier copy in place). Every other copy is left out, with why.
 *
 * Unknown fields (NP1001) do not make a copy refused here: kubectl's strict field
 * validation refuses them, but the API server's default for other clients (Warn)
 * drops them and stores the rest, which is what Go clients built on k8s.io/api before
 * 0.28 send with `status: {}`. The policy is analysed as stored, and says so.
 */
function heldPolicies(
  workspace: Workspace,
  caches: AnalysisCaches,
  focus: ReadonlySet<string> | undefined,
): { held: { entry: NetworkPolicyEntry; caveat?: string }[]; leftOut: LeftOutPolicyInfo[]; adjusted: LeftOutPolicyInfo[] } {
  const held: { entry: NetworkPolicyEntry; caveat?: string }[] = [];
  const leftOut: LeftOutPolicyInfo[] = [];
  const adjusted: LeftOutPolicyInfo[] = [];
  const refusing = (copy: NetworkPolicyEntry) => caches.errorsOf(copy.object).filter((d) => d.code !== UNKNOWN_FIELD);
  for (const copies of workspace.networkPolicyCopies()) {
    if (focus && !focus.has(copies[0].namespace)) continue;
    const kept = copies.filter((copy) => refusing(copy).length === 0).pop();
    for (const copy of copies) {
      const model = workspace.policyModel(copy.object);
      // Its range is read only for a notice: locating parses the file with positions.
      const notice = () => ({ policy: `${copy.namespace}/${model.name}`, uri: model.uri, range: model.nameRange });
      if (copy === kept) {
        const dropped = caches.errorsOf(copy.object).filter((d) => d.code === UNKNOWN_FIELD);
        const caveat = dropped.length > 0 ? droppedFieldsCaveat(dropped) : undefined;
        held.push({ entry: copy, ...(caveat && { caveat }) });
        if (caveat) adjusted.push({ ...notice(), reason: caveat });
        continue;
      }
      const errors = refusing(copy);
      const reason =
        errors.length > 0
          ? `${errors.length} validation error${errors.length === 1 ? '' : 's'} (first: ${errors[0].code} at line ${errors[0].range.start.line + 1}: ${errors[0].message})`
          : `replaced by the copy at ${describeWhere(kept?.object ?? copy.object, copy.object.uri)}, applied after it: one NetworkPolicy exists per namespace and name`;
      leftOut.push({ ...notice(), reason });
    }
  }
  for (const unreadable of workspace.unreadablePolicies()) {
    const { uri, range, name, namespace, reason } = unreadable;
    if (focus && !focus.has(namespace)) continue;
    leftOut.push({ policy: `${namespace}/${name ?? '(no name seen)'}`, uri, range, reason: `not read: ${reason}` });
  }
  held.sort(
    (a, b) =>
      compareStrings(a.entry.object.uri, b.entry.object.uri) || compareRangeStarts(a.entry.object.range, b.entry.object.range),
  );
  return { held, leftOut, adjusted };
}

const UNKNOWN_FIELD = 'NP1001';

/** `analysed without the unknown field "status" (line 9), …`: what the API server drops, where. */
function droppedFieldsCaveat(dropped: readonly EngineDiagnostic[]): string {
  // The NP1001 message starts with `unknown field "name" in "parent"`; its suggestion is no part of what was dropped.
  const fields = dropped.map((d) => `${d.message.split(/, did you mean| \(/)[0]} (line ${d.range.start.line + 1})`);
  const what = fields.length === 1 ? `the ${fields[0]}` : `${fields.length} unknown fields: ${fields.join('; ')}`;
  return `analysed without ${what}, which the API server drops under its default field validation (kubectl apply refuses the policy: NP1001)`;
}
