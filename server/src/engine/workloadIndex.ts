// The workspace's workloads: the parts extracted per object, grouped by ref across
// files, merged (owned Pods into their controllers) and indexed by pod labels. A file
// change re-merges only the refs its workloads touch.
import { LabelIndex } from './labelIndex';
import { mentionsControllerLabels, selectPods } from './podLabels';
import { compareRangeStarts } from './ranges';
import { compareStrings, type LabelSelector } from './selectors';
import { combineWorkloads, type IndexProblem, type SourceLocation, type Workload } from './workloads';

export class WorkloadIndex {
  /** Workloads as extracted per object, grouped by ref across files. */
  private readonly parts = new Map<string, Workload[]>();
  /** Workloads after merging owned Pods, by ref. */
  private readonly merged = new Map<string, { workloads: Workload[]; problems: IndexProblem[] }>();
  private readonly index = new LabelIndex<Workload>((w) => w.labels);
  /** `all()` and the workloads by source file, until the next change: answers on a workload ask for them per request. */
  private sorted: Workload[] | undefined;
  private bySourceUri: Map<string, Workload[]> | undefined;

  /** Swaps one file's workloads in the ref groups and re-merges only the refs they touch. */
  replace(removed: readonly Workload[], added: readonly Workload[]): void {
    // A file with no workloads before or after (a policy edited): the sorted list stays, and every analysis after the edit reads it.
    if (removed.length === 0 && added.length === 0) return;
    const dirty = new Set<string>();
    for (const workload of removed) {
      const group = this.parts.get(workload.ref);
      if (!group) continue;
      const i = group.indexOf(workload);
      if (i >= 0) group.splice(i, 1);
      dirty.add(workload.ref);
    }
    for (const workload of added) {
      const group = this.parts.get(workload.ref) ?? [];
      group.push(workload);
      this.parts.set(workload.ref, group);
      dirty.add(workload.ref);
    }
    for (const ref of dirty) this.remerge(ref);
    this.sorted = undefined;
    this.bySourceUri = undefined;
  }

  /** True when some file defines a workload; cheaper than `all().length`. */
  hasWorkloads(): boolean {
    for (const merged of this.merged.values()) if (merged.workloads.length > 0) return true;
    return false;
  }

  /** Every workload, sorted by ref (duplicates by source URI); one array until the next change. */
  all(): readonly Workload[] {
    this.sorted ??= sortWorkloads([...this.merged.values()].flatMap((m) => m.workloads));
    return this.sorted;
  }

  /** The workloads with a source in this file, sorted by ref. */
  definedIn(uri: string): readonly Workload[] {
    if (!this.bySourceUri) {
      this.bySourceUri = new Map();
      for (const workload of this.all())
        for (const sourceUri of new Set(workload.sources.map((source) => source.uri)))
          this.bySourceUri.set(sourceUri, [...(this.bySourceUri.get(sourceUri) ?? []), workload]);
    }
    return this.bySourceUri.get(uri) ?? [];
  }

  /** Workloads of one namespace, sorted by ref. */
  inNamespace(namespace: string): Workload[] {
    return sortWorkloads([...this.index.itemsIn(namespace)]);
  }

  /**
   * Workloads of one namespace some of whose pods a selector selects or may select, sorted by ref:
   * the labels controllers add count too (podLabels.ts), a StatefulSet whose replica 0 alone
   * is selected is listed, and so is a Deployment when the answer depends on its pod-template-hash.
   */
  selectedBy(selector: LabelSelector, namespace: string): Workload[] {
    return sortWorkloads(this.select(selector, namespace));
  }

  /** Workloads of several namespaces, those a pod selector selects (as selectedBy) when there is one, sorted by ref. */
  selectedIn(namespaces: readonly string[], podSelector: LabelSelector | undefined): Workload[] {
    return sortWorkloads(namespaces.flatMap((ns) => (podSelector ? this.select(podSelector, ns) : [...this.index.itemsIn(ns)])));
  }

  private select(selector: LabelSelector, namespace: string): Workload[] {
    // Labels controllers add are not in the index: a selector on them looks at each workload of the namespace.
    if (!mentionsControllerLabels(selector)) return this.index.select(selector, namespace);
    return [...this.index.itemsIn(namespace)].filter((w) => selectPods(selector, w).kind !== 'none');
  }

  labelKeys(namespace?: string): string[] {
    return this.index.keys(namespace);
  }

  labelValues(key: string, namespace?: string): string[] {
    return this.index.values(key, namespace);
  }

  /** What merging found (duplicates, ...), unsorted. */
  problems(): IndexProblem[] {
    return [...this.merged.values()].flatMap((m) => m.problems);
  }

  private remerge(ref: string): void {
    for (const old of this.merged.get(ref)?.workloads ?? []) this.index.remove(old.namespace, old);
    const group = this.parts.get(ref) ?? [];
    if (group.length === 0) {
      this.parts.delete(ref);
      this.merged.delete(ref);
      return;
    }
    // Order by source, so the result does not depend on the order files arrived in.
    group.sort((a, b) => compareSources(a.sources[0], b.sources[0]));
    const merged = combineWorkloads(group);
    this.merged.set(ref, merged);
    for (const workload of merged.workloads) this.index.add(workload.namespace, workload);
  }
}

function sortWorkloads(workloads: Workload[]): Workload[] {
  return workloads.sort((a, b) => compareStrings(a.ref, b.ref) || compareSources(a.sources[0], b.sources[0]));
}

function compareSources(a: SourceLocation, b: SourceLocation): number {
  return compareStrings(a.uri, b.uri) || compareRangeStarts(a.range, b.range);
}
