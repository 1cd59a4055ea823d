// Label selectors: the one representation for the whole product, parsed from a
// decoded manifest value, matched with the semantics of apimachinery's
// `LabelSelectorAsSelector` + `labels.Selector.Matches`.
//
// Absent is not empty. `parseLabelSelector` returns `undefined` for an absent
// selector (field missing or null: a nil pointer in Go) and an empty selector for
// `{}`. Each caller decides what absence means where it reads the field:
// `spec.podSelector` is a struct in Go, so absent there equals `{}`; in a peer,
// an absent `podSelector`/`namespaceSelector` constrains nothing while `{}`
// selects everything.
//
// Values compare as strings, exactly as the API server stores them. A null value
// (`app:` with nothing after it, `~` in a values list) is the empty string: Go
// decodes JSON null into a string as its zero value and the API server accepts it;
// `goString` reads it so here as in the validator. Any other value that is not
// a string (`app: yes` decodes as a YAML 1.1 boolean) cannot be decoded by the
// API server, so it makes the selector invalid; an invalid selector matches
// nothing (the object carrying it would be rejected, so it selects nothing).
import type { KubeObject } from './manifests';
import { locateOnce } from './ranges';
import type { JsonPath, Range } from './types';
import { goString, isPlainObject } from './values';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

const OPERATORS: ReadonlySet<string> = new Set<SelectorOperator>(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Labels of a pod or namespace: string keys to string values. */
export type Labels = Readonly<Record<string, string>>;

/** One `matchLabels` entry: `key` must equal `value`. */
export interface LabelMatch {
  key: string;
  value: string;
  keyRange?: Range;
  valueRange?: Range;
}

/** One `matchExpressions` item. */
export interface LabelRequirement {
  key: string;
  operator: SelectorOperator;
  /** Empty for Exists/DoesNotExist. */
  values: readonly string[];
  /** Range of the whole expression item. */
  range?: Range;
}

/** Why the API server would reject a selector. */
export interface SelectorProblem {
  message: string;
  range?: Range;
}

/**
 * A label selector (`metav1.LabelSelector`). Requirements are ANDed. With no
 * requirements and no problems it is the empty selector, which matches everything.
 */
export interface LabelSelector {
  matchLabels: readonly LabelMatch[];
  matchExpressions: readonly LabelRequirement[];
  /** Range of the selector value in the source, when it was parsed from one. */
  range?: Range;
  /** Non-empty when the selector is invalid; an invalid selector matches nothing. */
  problems: readonly SelectorProblem[];
}

/** Where a selector sits, so that parsed parts carry source ranges. */
export interface SelectorSource {
  object: KubeObject;
  path: JsonPath;
}

/** The empty selector `{}`: matches every set of labels. */
export const EMPTY_SELECTOR: LabelSelector = Object.freeze({ matchLabels: [], matchExpressions: [], problems: [] });

/**
 * Parses a decoded selector value. Never throws.
 * @returns `undefined` when the selector is absent (`undefined` or `null`),
 *   otherwise a selector; a malformed one has `problems` and matches nothing.
 */
export function parseLabelSelector(value: unknown, source?: SelectorSource): LabelSelector | undefined {
  if (value === undefined || value === null) return undefined;
  const at = (...rest: JsonPath): Range | undefined => {
    if (!source) return undefined;
    const location = source.object.locate([...source.path, ...rest]);
    return location.exact ? location.valueRange : undefined;
  };
  const keyAt = (...rest: JsonPath): Range | undefined =>
    source ? source.object.locate([...source.path, ...rest]).keyRange : undefined;
  const problems: SelectorProblem[] = [];
  if (!isPlainObject(value)) {
    const range = at();
    return {
      matchLabels: [],
      matchExpressions: [],
      range,
      problems: [{ message: 'A label selector must be an object.', range }],
    };
  }

  const matchLabels: LabelMatch[] = [];
  const labels = value.matchLabels;
  if (isPlainObject(labels)) {
    for (const [key, rawValue] of Object.entries(labels)) {
      const labelValue = goString(rawValue);
      if (labelValue !== undefined) {
        const keyRange = locateOnce(() => keyAt('matchLabels', key));
        const valueRange = locateOnce(() => at('matchLabels', key));
        matchLabels.push({
          key,
          value: labelValue,
          get keyRange() {
            return keyRange();
          },
          get valueRange() {
            return valueRange();
          },
        });
      } else {
        problems.push({
          message: `matchLabels "${key}" is ${describeValue(rawValue)}, not a string: quote it.`,
          range: at('matchLabels', key),
        });
      }
    }
  } else if (labels !== undefined && labels !== null) {
    problems.push({ message: 'matchLabels must be a map of strings.', range: at('matchLabels') });
  }

  const matchExpressions: LabelRequirement[] = [];
  const expressions = value.matchExpressions;
  if (Array.isArray(expressions)) {
    expressions.forEach((item, index) => {
      const requirement = parseRequirement(item, () => at('matchExpressions', index), problems);
      if (requirement) matchExpressions.push(requirement);
    });
  } else if (expressions !== undefined && expressions !== null) {
    problems.push({ message: 'matchExpressions must be a list.', range: at('matchExpressions') });
  }
  const range = locateOnce(() => at());
  return {
    matchLabels,
    matchExpressions,
    get range() {
      return range();
    },
    problems,
  };
}

function parseRequirement(
  item: unknown,
  locate: () => Range | undefined,
  problems: SelectorProblem[],
): LabelRequirement | undefined {
  if (!isPlainObject(item)) {
    problems.push({ message: 'A matchExpressions item must be an object with key, operator and values.', range: locate() });
    return undefined;
  }
  const { key, operator } = item;
  const rawValues = item.values ?? [];
  const values = Array.isArray(rawValues) ? rawValues.map(goString) : undefined;
  if (typeof key !== 'string') {
    problems.push({ message: 'matchExpressions key must be a string.', range: locate() });
    return undefined;
  }
  if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
    const written =
      typeof operator === 'string' || operator === null || operator === undefined
        ? `"${operator ?? ''}"`
        : describeValue(operator);
    problems.push({ message: `${written} is not a valid selector operator (In, NotIn, Exists, DoesNotExist).`, range: locate() });
    return undefined;
  }
  if (values === undefined || values.some((v) => v === undefined)) {
    problems.push({
      message: `values of "${key}" must be a list of strings: quote values such as yes, no, on, off and numbers.`,
      range: locate(),
    });
    return undefined;
  }
  const op = operator as SelectorOperator;
  // LabelSelectorAsSelector refuses these shapes, so the selector cannot be used at all (S3, S4).
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    problems.push({ message: `Operator ${op} needs at least one value.`, range: locate() });
    return undefined;
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
    problems.push({ message: `Operator ${op} takes no values.`, range: locate() });
    return undefined;
  }
  const range = locateOnce(locate);
  return {
    key,
    operator: op,
    values: values as string[],
    get range() {
      return range();
    },
  };
}

/** Builds a selector in code (tests, RC's plain-map `spec.selector`, synthesised selectors). */
export function labelSelector(
  matchLabels: Readonly<Record<string, string>> = {},
  matchExpressions: ReadonlyArray<Omit<LabelRequirement, 'range'>> = [],
): LabelSelector {
  return {
    matchLabels: Object.entries(matchLabels).map(([key, value]) => ({ key, value })),
    matchExpressions: matchExpressions.map((e) => ({ key: e.key, operator: e.operator, values: [...e.values] })),
    problems: [],
  };
}

export const isValidSelector = (selector: LabelSelector): boolean => selector.problems.length === 0;

/** True for a valid selector without requirements (`{}`, `matchLabels: null`): it matches everything. */
export const isEmptySelector = (selector: LabelSelector): boolean =>
  isValidSelector(selector) && selector.matchLabels.length === 0 && selector.matchExpressions.length === 0;

/** Whether one requirement holds. NotIn and DoesNotExist hold for labels without the key. */
export function requirementMatches(requirement: Pick<LabelRequirement, 'key' | 'operator' | 'values'>, labels: Labels): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(labels[requirement.key]);
    case 'NotIn':
      return !has || !requirement.values.includes(labels[requirement.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** Whether a selector selects these labels: every matchLabels entry AND every expression. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  if (!isValidSelector(selector)) return false;
  return (
    selector.matchLabels.every((m) => Object.hasOwn(labels, m.key) && labels[m.key] === m.value) &&
    selector.matchExpressions.every((e) => requirementMatches(e, labels))
  );
}

/**
 * A one-line description in kubectl's selector syntax (`labels.Selector.String()`):
 * requirements sorted by key, values sorted, `key=value`, `key in (a,b)`,
 * `key notin (a,b)`, `key`, `!key`. Unlike kubectl, parts are joined with ", "
 * for readability. The empty selector is `<all>` (kubectl prints `<none>`, which
 * reads as its opposite); an invalid one is `<invalid>`.
 */
export function describeSelector(selector: LabelSelector): string {
  if (!isValidSelector(selector)) return '<invalid>';
  const parts: Array<{ key: string; text: string }> = [
    ...selector.matchLabels.map((m) => ({ key: m.key, text: `${m.key}=${m.value}` })),
    ...selector.matchExpressions.map((e) => ({ key: e.key, text: describeRequirement(e) })),
  ];
  if (parts.length === 0) return '<all>';
  return parts
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((p) => p.text)
    .join(', ');
}

function describeRequirement(e: LabelRequirement): string {
  const values = () => [...e.values].sort(compareStrings).join(',');
  switch (e.operator) {
    case 'In':
      return `${e.key} in (${values()})`;
    case 'NotIn':
      return `${e.key} notin (${values()})`;
    case 'Exists':
      return e.key;
    case 'DoesNotExist':
      return `!${e.key}`;
  }
}

/** Code-unit order, like Go's string comparison for ASCII label keys; independent of locale. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How a non-string scalar reads in a message: `boolean true`, `number 1`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  // Objects returned above: what is left is a scalar, which String() writes as YAML would show it.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return `${typeof value} ${String(value)}`;
}

/** One text per meaning: selectors that select the same label sets have the same key (requirement order does not count). */
export function selectorKey(selector: LabelSelector): string {
  if (!isValidSelector(selector)) return '!invalid';
  const labels = selector.matchLabels.map((m) => `${m.key}=${m.value}`).sort(compareStrings);
  const expressions = selector.matchExpressions
    .map((e) => `${e.key} ${e.operator} ${[...e.values].sort(compareStrings).join(',')}`)
    .sort(compareStrings);
  return `${labels.join('\u0001')}\u0002${expressions.join('\u0001')}`;
}
