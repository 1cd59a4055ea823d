// Tolerant readers over a decoded NetworkPolicy. Lint runs on objects the schema
// may reject, so every reader skips values of the wrong type instead of throwing:
// the schema check reports those.
import type { KubeObject } from '../../manifests';
import type { Direction } from '../../policy';
import { EMPTY_SELECTOR, parseLabelSelector, type LabelSelector } from '../../selectors';
import type { JsonPath } from '../../types';

export const directions: readonly Direction[] = ['ingress', 'egress'];
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
 * A selector as the policy model reads it; absent and null are the empty selector.
 * Lint describes and compares selectors with selectors.ts, so its words match NP3's.
 */
export const selectorOf = (value: unknown): LabelSelector => parseLabelSelector(value) ?? EMPTY_SELECTOR;

export function policyNamespace(policy: KubeObject): string | undefined {
  const metadata = policy.value.metadata;
  return isRecord(metadata) && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
}
