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
