// NP2005: a namespace-wide egress default-deny that forgets DNS. Every pod of the
// namespace then fails to resolve names, which looks like a network outage.
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { ruleAllowsDns } from './ports';
import { effectivePolicyTypes } from '../../policy';
import { isEmptySelector } from '../../selectors';
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
  dnsAllowedElsewhere?: (policy: KubeObject) => boolean,
): EngineDiagnostic[] {
  if (!egressEnforced || !isEmptySelector(selectorOf(spec.podSelector))) return [];
  if (allowsDns(spec) || dnsAllowedElsewhere?.(policy)) return [];
  const where = policy.locate(['spec', effectivePolicyTypes(spec).written ? 'policyTypes' : 'egress']);
  return [
    makeDiagnostic(
      'NP2005',
      where.keyRange ?? where.valueRange,
      'This denies egress for every pod in the namespace without allowing DNS (port 53): name lookups will fail. Add an egress rule to port 53 UDP and TCP, e.g. to kube-dns in kube-system.',
    ),
  ];
}

const allowsDns = (spec: Record<string, unknown>): boolean =>
  rulesOf(spec, 'egress').some((ruleAt) => ruleAllowsDns(ruleAt, 'UDP') || ruleAllowsDns(ruleAt, 'TCP'));

/**
 * True when the policy gives every pod of its namespace DNS egress: it selects all
 * pods, enforces egress and has a rule to port 53. Beside it, a namespace-wide
 * egress default-deny does not cut DNS (allowed traffic is the union of policies).
 */
export function allowsDnsEgressForAllPods(policy: KubeObject): boolean {
  const spec = specOf(policy);
  return (
    spec !== undefined &&
    effectivePolicyTypes(spec).types.includes('Egress') &&
    isEmptySelector(selectorOf(spec.podSelector)) &&
    allowsDns(spec)
  );
}
