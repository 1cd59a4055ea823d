// NP2005: a namespace-wide egress default-deny that forgets DNS. Every pod of the
// namespace then fails to resolve names, which looks like a network outage.
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { ruleAllowsDns } from './ports';
import { effectivePolicyTypes } from '../../policy';
import { isEmptySelector } from '../../selectors';
import type { DnsAllowedElsewhere, DnsProtocols } from '../options';
import { rulesOf, selectorOf, specOf } from './shapes';

/**
 * Only policies selecting every pod of the namespace are checked: a policy for
 * some pods is usually one of several, and DNS may well be allowed by another.
 *
 * Any egress rule that allows port 53 over UDP or TCP counts, whatever its
 * peers, including one whose peers are all ipBlocks: node-local DNS caches and
 * resolvers outside the cluster are reached by address, and manifests cannot
 * tell which addresses are resolvers. Warning there would be a false positive.
 */
export function lintDns(
  policy: KubeObject,
  spec: Record<string, unknown>,
  egressEnforced: boolean,
  dnsAllowedElsewhere?: DnsAllowedElsewhere,
): EngineDiagnostic[] {
  if (!egressEnforced || !isEmptySelector(selectorOf(spec.podSelector))) return [];
  if (allowsDns(spec, 'UDP or TCP') || dnsAllowedElsewhere?.(policy, 'UDP or TCP')) return [];
  const where = policy.locate(['spec', effectivePolicyTypes(spec).written ? 'policyTypes' : 'egress']);
  return [
    makeDiagnostic(
      'NP2005',
      where.keyRange ?? where.valueRange,
      'This denies egress for every pod in the namespace without allowing DNS (port 53): name lookups will fail. Add an egress rule to port 53 UDP and TCP, e.g. to kube-dns in kube-system.',
    ),
  ];
}

const allowsDns = (spec: Record<string, unknown>, over: DnsProtocols): boolean =>
  rulesOf(spec, 'egress').some(
    (ruleAt) => ruleAllowsDns(ruleAt, 'UDP') || (over === 'UDP or TCP' && ruleAllowsDns(ruleAt, 'TCP')),
  );

/**
 * True when the policy gives the pods it selects DNS egress: it enforces egress and
 * has a rule to port 53 (whatever its peers: resolvers may be reached by address),
 * or to every port. Beside it, another policy isolating egress of those pods does
 * not cut DNS (allowed traffic is the union of policies).
 */
export function allowsDnsEgress(policy: KubeObject, over: DnsProtocols): boolean {
  const spec = specOf(policy);
  return spec !== undefined && effectivePolicyTypes(spec).types.includes('Egress') && allowsDns(spec, over);
}

/** allowsDnsEgress, by a policy selecting every pod of its namespace. */
export function allowsDnsEgressForAllPods(policy: KubeObject, over: DnsProtocols): boolean {
  const spec = specOf(policy);
  return spec !== undefined && isEmptySelector(selectorOf(spec.podSelector)) && allowsDnsEgress(policy, over);
}
