// Per-namespace inverted index: label key -> value -> items, so that a selector
// with matchLabels (or In / Exists) starts from a small candidate set instead of
// every item. Candidates are always filtered with `selectorMatches` afterwards,
// so the index only has to over-approximate, never to decide.
import { compareStrings, selectorMatches, type LabelSelector, type Labels } from './selectors';

interface Bucket<T> {
  all: Set<T>;
  byKey: Map<string, Map<string, Set<T>>>;
}

export class LabelIndex<T> {
  private readonly buckets = new Map<string, Bucket<T>>();

  constructor(private readonly labelsOf: (item: T) => Labels) {}

  add(namespace: string, item: T): void {
    let bucket = this.buckets.get(namespace);
    if (!bucket) this.buckets.set(namespace, (bucket = { all: new Set(), byKey: new Map() }));
    bucket.all.add(item);
    for (const [key, value] of Object.entries(this.labelsOf(item))) {
      let values = bucket.byKey.get(key);
      if (!values) bucket.byKey.set(key, (values = new Map<string, Set<T>>()));
      let items = values.get(value);
      if (!items) values.set(value, (items = new Set()));
      items.add(item);
    }
  }

  remove(namespace: string, item: T): void {
    const bucket = this.buckets.get(namespace);
    if (!bucket || !bucket.all.delete(item)) return;
    for (const [key, value] of Object.entries(this.labelsOf(item))) {
      const values = bucket.byKey.get(key);
      const items = values?.get(value);
      if (!values || !items) continue;
      items.delete(item);
      if (items.size === 0) values.delete(value);
      if (values.size === 0) bucket.byKey.delete(key);
    }
    if (bucket.all.size === 0) this.buckets.delete(namespace);
  }

  /** Namespaces that hold at least one item. */
  namespaces(): string[] {
    return [...this.buckets.keys()].sort(compareStrings);
  }

  /** Every item of a namespace. */
  itemsIn(namespace: string): ReadonlySet<T> {
    return this.buckets.get(namespace)?.all ?? EMPTY;
  }

  /** The items of a namespace that a selector selects. */
  select(selector: LabelSelector, namespace: string): T[] {
    const bucket = this.buckets.get(namespace);
    if (!bucket) return [];
    return [...this.candidates(selector, bucket)].filter((item) => selectorMatches(selector, this.labelsOf(item)));
  }

  /** True when some item has the label key=value, in one namespace or all. */
  has(key: string, value: string, namespace?: string): boolean {
    return this.bucketsFor(namespace).some((bucket) => (bucket.byKey.get(key)?.get(value)?.size ?? 0) > 0);
  }

  /** Label keys in use, in one namespace or all. */
  keys(namespace?: string): string[] {
    const keys = new Set<string>();
    for (const bucket of this.bucketsFor(namespace)) for (const key of bucket.byKey.keys()) keys.add(key);
    return [...keys].sort(compareStrings);
  }

  /** Values in use for one key, in one namespace or all. */
  values(key: string, namespace?: string): string[] {
    const values = new Set<string>();
    for (const bucket of this.bucketsFor(namespace)) for (const value of bucket.byKey.get(key)?.keys() ?? []) values.add(value);
    return [...values].sort(compareStrings);
  }

  private bucketsFor(namespace: string | undefined): Bucket<T>[] {
    if (namespace === undefined) return [...this.buckets.values()];
    const bucket = this.buckets.get(namespace);
    return bucket ? [bucket] : [];
  }

  /**
   * The smallest set that must contain every match: a matchLabels entry, an In
   * requirement (union over its values) or an Exists requirement (union over all
   * values of the key). NotIn and DoesNotExist match items without the key, so
   * they cannot narrow; without a narrowing requirement, the whole namespace.
   */
  private candidates(selector: LabelSelector, bucket: Bucket<T>): Iterable<T> {
    let best: Iterable<T> = bucket.all;
    let bestSize = bucket.all.size;
    const consider = (sets: Array<Set<T> | undefined>): void => {
      const present = sets.filter((s): s is Set<T> => s !== undefined);
      const size = present.reduce((sum, s) => sum + s.size, 0);
      if (size < bestSize) {
        bestSize = size;
        best = present.length === 1 ? present[0] : new Set(present.flatMap((s) => [...s]));
      }
    };
    for (const m of selector.matchLabels) consider([bucket.byKey.get(m.key)?.get(m.value)]);
    for (const e of selector.matchExpressions) {
      const values = bucket.byKey.get(e.key);
      if (e.operator === 'In') consider(e.values.map((v) => values?.get(v)));
      else if (e.operator === 'Exists') consider(values ? [...values.values()] : []);
    }
    return best;
  }
}

const EMPTY: ReadonlySet<never> = new Set();
