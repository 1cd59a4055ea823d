// Near misses for NP3xxx messages: the label values and keys a person probably meant.
import { compareStrings, describeSelector, selectorMatches, type LabelSelector, type Labels } from '../selectors';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import { closestName, editDistance } from './schema';

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

/**
 * Candidates ranked by closeness to what was written (any of `written`): those a typo or a shared
 * start away come first, fewest edits (ignoring case), then longest shared prefix; the others follow
 * in natural order (`ns-2` before `ns-10`). A list of 200 namespaces then starts with the one a typo
 * missed, not with `ns-0, ns-1`, and values unlike anything written keep their plain order.
 */
export function rankedByCloseness(written: readonly string[], candidates: readonly string[]): string[] {
  const typed = written.map((w) => w.toLowerCase());
  const ranked = candidates.map((candidate) => {
    const lower = candidate.toLowerCase();
    const distance = Math.min(...typed.map((w) => editDistance(w, lower)));
    const prefix = Math.max(...typed.map((w) => sharedPrefixLength(w, lower)));
    const tolerance = Math.max(2, Math.floor(Math.max(...typed.map((w) => w.length)) / 3));
    return { candidate, distance, prefix, close: distance <= tolerance || prefix >= MIN_SHARED_PREFIX };
  });
  return ranked
    .sort(
      (a, b) =>
        Number(b.close) - Number(a.close) ||
        (a.close ? a.distance - b.distance || b.prefix - a.prefix : 0) ||
        compareNatural(a.candidate, b.candidate),
    )
    .map((r) => r.candidate);
}

/** A value sharing this many first characters with what was written counts as close (`payments-api` for `payments`). */
const MIN_SHARED_PREFIX = 3;

function sharedPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

/** Digit runs compare as numbers, the rest as strings: how the Explorer sorts names. */
export function compareNatural(a: string, b: string): number {
  const partsA = a.match(/\d+|\D+/g) ?? [];
  const partsB = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    const [x, y] = [partsA[i], partsB[i]];
    const numbers = /^\d/.test(x) && /^\d/.test(y);
    const order = numbers ? Number(x) - Number(y) || compareStrings(x, y) : compareStrings(x, y);
    if (order !== 0) return order;
  }
  return partsA.length - partsB.length || compareStrings(a, b);
}

/** The closest candidates first (rankedByCloseness), at most MAX_SUGGESTIONS. */
export function orderedSuggestions(written: string, candidates: readonly string[]): string[] {
  return rankedByCloseness([written], candidates).slice(0, MAX_SUGGESTIONS);
}

/** Namespaces outside `excluded` holding workloads the selector selects, sorted: where a peer's pods are when not where it looks. */
export function namespacesMatchingElsewhere(
  selector: LabelSelector,
  excluded: readonly string[],
  workspace: Workspace,
): string[] {
  return workspace.namespacesWithWorkloadsSelectedBy(selector).filter((name) => !excluded.includes(name));
}
