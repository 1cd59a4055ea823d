// Tolerant readers over a decoded NetworkPolicy. Lint runs on objects the schema
// may reject, so every reader skips values of the wrong type instead of throwing:
// the schema check reports those.
import type { KubeObject } from '../../manifests';
import type { JsonPath } from '../../types';

export type Direction = 'ingress' | 'egress';
export type PolicyType = 'Ingress' | 'Egress';

export const directions: readonly Direction[] = ['ingress', 'egress'];
export const policyTypeOf: Record<Direction, PolicyType> = { ingress: 'Ingress', egress: 'Egress' };
/** The peer list of a rule: who may connect in (`from`) or be connected to (`to`). */
export const peerListOf: Record<Direction, 'from' | 'to'> = { ingress: 'from', egress: 'to' };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function specOf(policy: KubeObject): Record<string, unknown> | undefined {
  return isRecord(policy.value.spec) ? policy.value.spec : undefined;
}

/** A rule of one direction with its path, for ranges. */
export interface RuleAt {
  rule: Record<string, unknown>;
  path: JsonPath;
}

export function rulesOf(spec: Record<string, unknown>, direction: Direction): RuleAt[] {
  const rules = spec[direction];
  if (!Array.isArray(rules)) return [];
  return rules.flatMap((rule, index) => (isRecord(rule) ? [{ rule, path: ['spec', direction, index] }] : []));
}

/**
 * The policyTypes the API server stores. An absent or empty list is defaulted
 * (pkg/apis/networking/v1 defaults.go): Ingress always, Egress only when
 * `egress` has at least one rule. Undefined when policyTypes has the wrong type.
 */
export function effectivePolicyTypes(spec: Record<string, unknown>): Set<string> | undefined {
  const declared = spec.policyTypes;
  if (declared === undefined || declared === null || (Array.isArray(declared) && declared.length === 0)) {
    const types = new Set<string>(['Ingress']);
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.add('Egress');
    return types;
  }
  if (!Array.isArray(declared)) return undefined;
  return new Set(declared.filter((entry): entry is string => typeof entry === 'string'));
}

export function hasExplicitPolicyTypes(spec: Record<string, unknown>): boolean {
  return Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0;
}

/** Both matchLabels and matchExpressions empty or absent: the selector matches everything. */
export function isEmptySelector(selector: unknown): boolean {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return false;
  const { matchLabels, matchExpressions } = selector;
  const noLabels = matchLabels === undefined || matchLabels === null || (isRecord(matchLabels) && Object.keys(matchLabels).length === 0);
  const noExpressions = matchExpressions === undefined || matchExpressions === null || (Array.isArray(matchExpressions) && matchExpressions.length === 0);
  return noLabels && noExpressions;
}

/** A selector in plain words, e.g. `app=web, tier In (a, b)`. */
export function describeSelector(selector: unknown): string {
  if (!isRecord(selector) || isEmptySelector(selector)) return 'any labels';
  const parts: string[] = [];
  if (isRecord(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) parts.push(`${key}=${String(value)}`);
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isRecord(expression)) continue;
      const values = Array.isArray(expression.values) ? ` (${expression.values.map(String).join(', ')})` : '';
      parts.push(`${String(expression.key)} ${String(expression.operator)}${values}`);
    }
  }
  return parts.join(', ');
}

export function policyNamespace(policy: KubeObject): string | undefined {
  const metadata = policy.value.metadata;
  return isRecord(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
}
