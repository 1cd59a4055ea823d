// Near misses for NP3xxx messages: the label values and keys a person probably meant.
import { compareStrings, describeSelector, selectorMatches, type LabelSelector, type Labels } from '../selectors';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { closestName } from './schema';

/** How many label values a near-miss hint lists at most. */
const MAX_SUGGESTIONS = 5;

/**
 * Why a selector matches none of the candidate workloads, with near misses: the
 * first requirement that alone matches none of them, and the values its key has
 * there ("; no workload has app=frontent; workloads in shop have app=frontend").
 */
export function whyNoWorkload(
  selector: LabelSelector,
  candidates: readonly Workload[],
  namespaces: readonly string[],
  workspace: Workspace,
): string {
  const where = namespaces.join(', ');
  if (candidates.length === 0) return `: the workspace has no workload in ${where}.`;
  const labelsOf = candidates.map((w) => w.labels);
  const valuesOf = (key: string): string[] =>
    [...new Set(namespaces.flatMap((ns) => workspace.labelValues(key, ns)))].sort(compareStrings);
  const keys = [...new Set(namespaces.flatMap((ns) => workspace.labelKeys(ns)))].sort(compareStrings);
  const nothingMatches = (single: LabelSelector): boolean => !labelsOf.some((labels: Labels) => selectorMatches(single, labels));
  // "No workload has app=web" must not be said while another namespace's workload has it.
  const noWorkload = (single: LabelSelector): string =>
    workspace.workloads().some((w) => !namespaces.includes(w.namespace) && selectorMatches(single, w.labels))
      ? `no workload in ${where} has`
      : 'no workload has';
  for (const match of selector.matchLabels) {
    const single = { matchLabels: [match], matchExpressions: [], problems: [] };
    if (!nothingMatches(single)) continue;
    const hint = nearMisses(match.key, match.value, valuesOf(match.key), keys);
    return `; ${noWorkload(single)} ${match.key}=${match.value}${hint ? `; workloads in ${where} have ${hint}` : ''}.`;
  }
  for (const expression of selector.matchExpressions) {
    const single = { matchLabels: [], matchExpressions: [expression], problems: [] };
    if (!nothingMatches(single)) continue;
    const wanted = describeSelector(single);
    const values = valuesOf(expression.key);
    const hint =
      expression.operator === 'In' || expression.operator === 'Exists'
        ? nearMisses(expression.key, expression.values[0] ?? '', values, keys)
        : '';
    return `; ${noWorkload(single)} ${wanted}${hint ? `; workloads in ${where} have ${hint}` : ''}.`;
  }
  return `; each requirement matches some workload there, but none matches all of them.`;
}

/**
 * `app=frontend, app=cart` (the key's other values, the closest first), or when the
 * key is not used at all, the closest key in use (`apps` for `app`).
 */
export function nearMisses(key: string, value: string, valuesOfKey: readonly string[], keysInUse: readonly string[]): string {
  const others = valuesOfKey.filter((v) => v !== value);
  if (others.length > 0)
    return orderedSuggestions(value, others)
      .map((v) => `${key}=${v}`)
      .join(', ');
  if (valuesOfKey.length > 0) return '';
  const closeKey = closestName(key, keysInUse);
  return closeKey === undefined ? '' : `the label key ${closeKey}`;
}

/** The closest candidate first, then the others in order, at most MAX_SUGGESTIONS. */
export function orderedSuggestions(written: string, candidates: readonly string[]): string[] {
  const closest = closestName(written, candidates);
  const ordered = closest === undefined ? [...candidates] : [closest, ...candidates.filter((c) => c !== closest)];
  return ordered.slice(0, MAX_SUGGESTIONS);
}

/** Namespaces outside `excluded` holding workloads the selector selects, sorted: where a peer's pods are when not where it looks. */
export function namespacesMatchingElsewhere(
  selector: LabelSelector,
  excluded: readonly string[],
  workspace: Workspace,
): string[] {
  return workspace
    .namespaces()
    .map((ns) => ns.name)
    .filter((name) => !excluded.includes(name) && workspace.workloadsSelectedBy(selector, name).length > 0)
    .sort(compareStrings);
}
