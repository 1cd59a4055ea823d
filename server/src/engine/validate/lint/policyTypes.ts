// Lint of the relation between policyTypes and the rule lists: rules that never
// apply, repeated entries, and `egress: []` read as "deny all".
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { effectivePolicyTypes, policyTypeOf, type Direction } from '../../policy';
import { directions } from './shapes';

const ignoredRulesCode: Record<Direction, string> = { ingress: 'NP2001', egress: 'NP2002' };

export function lintPolicyTypes(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  return [...ignoredRules(policy, spec), ...duplicatePolicyTypes(policy, spec), ...emptyEgressWithoutPolicyTypes(policy, spec)];
}

/**
 * NP2001/NP2002: rules of a direction that explicit policyTypes leaves out are
 * stored but never enforced. Without explicit policyTypes the defaulting adds
 * both directions that have rules, so this cannot happen.
 */
function ignoredRules(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  const { types, written } = effectivePolicyTypes(spec);
  if (!written) return [];
  // An unsupported entry (`ingress`) is already an error that says what is wrong.
  if (!(spec.policyTypes as unknown[]).every((entry) => entry === 'Ingress' || entry === 'Egress')) return [];
  return directions.flatMap((direction) => {
    const type = policyTypeOf(direction);
    const rules = spec[direction];
    if (!Array.isArray(rules) || rules.length === 0 || types.includes(type)) return [];
    const where = policy.locate(['spec', direction]);
    return [
      makeDiagnostic(
        ignoredRulesCode[direction],
        where.keyRange ?? where.valueRange,
        `These ${direction} rules have no effect: policyTypes does not list ${type}, so the policy never applies them. Add ${type} to policyTypes or remove the rules.`,
      ),
    ];
  });
}

/** NP2006: the API server has no duplicate check on policyTypes (rules doc §4.5). */
function duplicatePolicyTypes(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  if (!Array.isArray(spec.policyTypes)) return [];
  const seen = new Set<string>();
  const diagnostics: EngineDiagnostic[] = [];
  spec.policyTypes.forEach((entry, index) => {
    if (typeof entry !== 'string') return;
    if (seen.has(entry)) {
      const where = policy.locate(['spec', 'policyTypes', index]).valueRange;
      diagnostics.push(
        makeDiagnostic(
          'NP2006',
          where,
          `policyTypes lists ${entry} twice: the API server accepts it, but the repeat does nothing; remove it.`,
        ),
      );
    }
    seen.add(entry);
  });
  return diagnostics;
}

/** NP2008: defaulting adds Egress only when `egress` has a rule, so `egress: []` alone leaves egress open. */
function emptyEgressWithoutPolicyTypes(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  if (effectivePolicyTypes(spec).written || !Array.isArray(spec.egress) || spec.egress.length > 0) return [];
  const where = policy.locate(['spec', 'egress']);
  // With no ingress key either, the defaulted [Ingress] denies all ingress: the opposite of the intent.
  const consequence =
    spec.ingress === undefined
      ? 'egress stays open and the default policyTypes [Ingress] denies all ingress instead'
      : 'egress stays open';
  return [
    makeDiagnostic(
      'NP2008',
      where.keyRange ?? where.valueRange,
      `egress: [] does not deny egress here: without policyTypes the API server adds Egress only when egress has a rule, so ${consequence}. List Egress in policyTypes to deny all egress.`,
    ),
  ];
}
