// Lint: NetworkPolicies the API server accepts but that very likely do not do
// what their author meant. Every rule tolerates malformed shapes (the schema
// check reports those) and never throws.
import type { KubeObject } from '../../manifests';
import { effectivePolicyTypes } from '../../policy';
import type { EngineDiagnostic } from '../../types';
import type { ValidationOptions } from '../options';
import { lintDns } from './dns';
import { lintPeers } from './peers';
import { lintPolicyTypes } from './policyTypes';
import { lintPorts } from './ports';
import { lintSelectors } from './selectors';
import { specOf } from './shapes';

export function lintNetworkPolicy(policy: KubeObject, options: ValidationOptions): EngineDiagnostic[] {
  const spec = specOf(policy);
  if (!spec) return [];
  const egressEnforced = effectivePolicyTypes(spec).types.includes('Egress');
  return [
    ...lintPolicyTypes(policy, spec),
    ...lintPorts(policy, spec, egressEnforced, options.dnsAllowedElsewhere),
    ...lintPeers(policy, spec),
    ...lintDns(policy, spec, egressEnforced, options.dnsAllowedElsewhere),
    ...lintSelectors(policy, spec),
  ];
}
