// NP2009: a label selector whose requirements contradict each other matches no
// object at all, so the policy part that uses it silently does nothing.
import type { KubeObject } from '../../manifests';
import type { EngineDiagnostic, JsonPath } from '../../types';
import { makeDiagnostic } from '../../diagnosticCodes';
import { directions, isRecord, peerListOf, rulesOf } from './shapes';

/** What one label key must satisfy, gathered from matchLabels and every expression on that key. */
interface KeyConstraint {
  mustExist: boolean;
  mustNotExist: boolean;
  /** The values the key may have (intersection of matchLabels and In), when restricted. */
  allowed?: Set<string>;
  forbidden: Set<string>;
}

export function lintSelectors(policy: KubeObject, spec: Record<string, unknown>): EngineDiagnostic[] {
  const diagnostics: EngineDiagnostic[] = [];
  for (const path of selectorPaths(spec)) {
    const selector = path.reduce<unknown>(
      (value, segment) =>
        isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined,
      { spec },
    );
    const contradiction = findContradiction(selector);
    if (!contradiction) continue;
    const where = policy.locate(path);
    diagnostics.push(
      makeDiagnostic(
        'NP2009',
        where.keyRange ?? where.valueRange,
        `This selector can never match: ${contradiction}, so no pod or namespace satisfies it.`,
      ),
    );
  }
  return diagnostics;
}

function selectorPaths(spec: Record<string, unknown>): JsonPath[] {
  const paths: JsonPath[] = [['spec', 'podSelector']];
  for (const direction of directions) {
    const listKey = peerListOf[direction];
    for (const ruleAt of rulesOf(spec, direction)) {
      const peers = ruleAt.rule[listKey];
      if (!Array.isArray(peers)) continue;
      peers.forEach((peer, index) => {
        if (!isRecord(peer)) return;
        for (const key of ['podSelector', 'namespaceSelector']) {
          if (isRecord(peer[key])) paths.push([...ruleAt.path, listKey, index, key]);
        }
      });
    }
  }
  return paths;
}

/** A sentence naming the contradiction, or undefined when the selector can match. */
export function findContradiction(selector: unknown): string | undefined {
  if (!isRecord(selector)) return undefined;
  const constraints = new Map<string, KeyConstraint>();
  const constraintOf = (key: string): KeyConstraint => {
    let constraint = constraints.get(key);
    if (!constraint) constraints.set(key, (constraint = { mustExist: false, mustNotExist: false, forbidden: new Set() }));
    return constraint;
  };
  const restrict = (key: string, values: string[]): void => {
    const constraint = constraintOf(key);
    constraint.mustExist = true;
    constraint.allowed = new Set(constraint.allowed ? values.filter((v) => constraint.allowed!.has(v)) : values);
  };
  if (isRecord(selector.matchLabels)) {
    for (const [key, value] of Object.entries(selector.matchLabels)) {
      if (typeof value === 'string') restrict(key, [value]);
    }
  }
  if (Array.isArray(selector.matchExpressions)) {
    for (const expression of selector.matchExpressions) {
      if (!isRecord(expression) || typeof expression.key !== 'string') continue;
      const values =
        Array.isArray(expression.values) && expression.values.every((v) => typeof v === 'string') ? expression.values : undefined;
      switch (expression.operator) {
        case 'In':
          // In without values is an API-server error (S3), not a contradiction to explain.
          if (values && values.length > 0) restrict(expression.key, values);
          break;
        case 'NotIn':
          values?.forEach((value) => constraintOf(expression.key as string).forbidden.add(value));
          break;
        case 'Exists':
          constraintOf(expression.key).mustExist = true;
          break;
        case 'DoesNotExist':
          constraintOf(expression.key).mustNotExist = true;
          break;
      }
    }
  }
  for (const [key, constraint] of constraints) {
    if (constraint.mustExist && constraint.mustNotExist) return `label ${key} is required and also required to be absent`;
    if (constraint.allowed && [...constraint.allowed].every((value) => constraint.forbidden.has(value))) {
      return constraint.allowed.size === 0
        ? `no value of label ${key} satisfies all its requirements`
        : `every allowed value of label ${key} is also excluded by NotIn`;
    }
  }
  return undefined;
}
