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
import { compareStrings } from '../selectors';
import type { EngineDiagnostic } from '../types';
import type { Workspace } from '../workspace';
import type { NetworkPolicyEntry } from '../workloads';
import type { ClassStructure, PeerMatcher } from './classes';
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
  compiledPolicy(ref: string, model: NetworkPolicyModel): CompiledPolicy;
}

/** The analysis of the workspace on its class structure, but for its results (ReachState attaches them). */
export function analyse(workspace: Workspace, structure: ClassStructure, caches: AnalysisCaches): Omit<ReachAnalysis, 'results'> {
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
  const { held, leftOut } = heldPolicies(workspace, caches);
  for (const entry of held) {
    const model = workspace.policyModel(entry.object);
    const ref = `${entry.namespace}/${model.name}`;
    const policy = caches.compiledPolicy(ref, model);
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
  const notModelled = new Map(
    structure.workloads.flatMap((w) => {
      const foreign = workspace.notModelledFor(w.ref);
      return foreign.length > 0 ? [[w.ref, foreign] as const] : [];
    }),
  );
  return { version: workspace.version, workloads: structure.workloads, classes, classOf, policies, leftOut, blocks, notModelled };
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
 */
function heldPolicies(
  workspace: Workspace,
  caches: AnalysisCaches,
): { held: NetworkPolicyEntry[]; leftOut: LeftOutPolicyInfo[] } {
  const held: NetworkPolicyEntry[] = [];
  const leftOut: LeftOutPolicyInfo[] = [];
  for (const copies of workspace.networkPolicyCopies()) {
    const kept = copies.filter((copy) => caches.errorsOf(copy.object).length === 0).pop();
    if (kept) held.push(kept);
    for (const copy of copies) {
      if (copy === kept) continue;
      const model = workspace.policyModel(copy.object);
      const errors = caches.errorsOf(copy.object);
      const reason =
        errors.length > 0
          ? `${errors.length} validation error${errors.length === 1 ? '' : 's'} (first: ${errors[0].code} at line ${errors[0].range.start.line + 1}: ${errors[0].message})`
          : `replaced by the copy at ${describeWhere(kept?.object ?? copy.object, copy.object.uri)}, applied after it: one NetworkPolicy exists per namespace and name`;
      leftOut.push({ policy: `${copy.namespace}/${model.name}`, uri: model.uri, range: model.nameRange, reason });
    }
  }
  held.sort((a, b) => compareStrings(a.object.uri, b.object.uri) || compareRangeStarts(a.object.range, b.object.range));
  return { held, leftOut };
}
