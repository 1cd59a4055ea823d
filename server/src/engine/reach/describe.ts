// One-line descriptions of policies and rules for verdicts: what a person reads
// in `netpol explain`, the tree view and hovers.
import { describeRulePorts } from '../ports';
import type { Peer, PolicyRule } from '../policy';
import { describeIpBlock } from '../policy';
import { describeSelector } from '../selectors';
import type { CompiledPolicy } from './model';
import type { Direction } from '../policy';

export function describeIsolation(policy: CompiledPolicy, direction: Direction): string {
  const selector = describeSelector(policy.model.podSelector.selector);
  const pods =
    selector === '<all>'
      ? `every pod of namespace ${policy.model.namespace}`
      : `pods ${selector} in namespace ${policy.model.namespace}`;
  return withCaveat(`isolates ${pods} for ${direction}`, policy);
}

/** A description of a policy's part, with how the analysed policy differs from its text. */
export function withCaveat(description: string, policy: CompiledPolicy): string {
  return policy.caveat ? `${description} [${policy.caveat}]` : description;
}

export function describeRule(rule: PolicyRule, namespace: string): string {
  const peers = rule.peers.map((peer) => describePeer(peer, namespace));
  const where = peers.length === 0 ? 'nothing' : peers.join(' or ');
  return `allows ${rule.direction === 'ingress' ? 'from' : 'to'} ${where} on ${describeRulePorts(rule.ports)}`;
}

function describePeer(peer: Peer, namespace: string): string {
  switch (peer.kind) {
    case 'all':
      return 'everywhere (every pod and every address)';
    case 'ipBlock':
      return describeIpBlock(peer);
    case 'invalid':
      return `nothing (${peer.reason})`;
    case 'selector': {
      const pods = peer.podSelector ? describeSelector(peer.podSelector.selector) : '<all>';
      const podText = pods === '<all>' ? 'every pod' : `pods ${pods}`;
      if (!peer.namespaceSelector) return `${podText} in namespace ${namespace}`;
      const namespaces = describeSelector(peer.namespaceSelector.selector);
      return namespaces === '<all>' ? `${podText} in every namespace` : `${podText} in namespaces ${namespaces}`;
    }
  }
}

/** Said of a hostNetwork workload wherever it appears (docs "Network Policies": behaviour for hostNetwork pods is undefined). */
export const HOST_NETWORK_NOTE =
  "uses hostNetwork: NetworkPolicies do not apply to this pod's traffic, which is the node's; the cluster's CNI decides (the API leaves NetworkPolicy behaviour for hostNetwork pods undefined, and common implementations match no selector on them). Analysed as selected by no policy and matched by no selector peer.";

/** Why a StatefulSet is analysed per replica (its controller labels each pod: docs "StatefulSets", Pod Name Label, Pod index label). */
export const REPLICA_REASON =
  'a policy selects some of its replicas and not others, by statefulset.kubernetes.io/pod-name or apps.kubernetes.io/pod-index (labels the StatefulSet controller sets on each pod)';

/** The rule that decides a pod's traffic to itself (docs "Network Policies"). */
export const SELF_RULE =
  'a pod cannot block access to itself (NetworkPolicy concept page): its traffic to itself is allowed whatever the policies say';
