// Workload classes: workloads that no selector can tell apart, and selector matching
// over classes and namespaces.
import { mentionsControllerLabels, selectorMatchesPod, unknownValueLabels } from '../podLabels';
import type { PolicyRule } from '../policy';
import { compareStrings, isValidSelector, selectorKey, selectorMatches, type LabelSelector, type Labels } from '../selectors';
import type { Workload } from '../workloads';
import type { Workspace } from '../workspace';
import type { CompiledRule, WorkloadClass } from './model';

/**
 * Workload classes and selector matching, kept from one analysis to the next while
 * the workloads and the namespace labels stay the same (a policy edit): class ids
 * are then stable, and rules of unchanged policies keep their compiled form.
 */
export interface ClassStructure {
  workloads: Workload[];
  namespaceKey: string;
  classes: WorkloadClass[];
  classOf: Map<string, WorkloadClass>;
  classesByNamespace: Map<string, WorkloadClass[]>;
  matcher: PeerMatcher;
  /** Rules compiled against this structure's classes, by the policy model's rule. */
  compiledRules: WeakMap<PolicyRule, CompiledRule>;
}

/** The structure of the workspace now: `previous` itself when its workloads and namespace labels are unchanged. */
export function structureFor(
  workspace: Workspace,
  previous: ClassStructure | undefined,
  classKeyOf: (workload: Workload) => string,
  endpointsOf: (workloads: Workload[]) => Workload[],
): ClassStructure {
  const distinct: Workload[] = [];
  for (const workload of workspace.workloads()) {
    if (distinct.length > 0 && distinct[distinct.length - 1].ref === workload.ref) continue;
    distinct.push(workload);
  }
  const workloads = endpointsOf(distinct);
  const namespaces = workspace.namespaces();
  const namespaceKey = namespaces
    .map(
      (ns) =>
        `${ns.name}\u0000${Object.keys(ns.labels)
          .sort(compareStrings)
          .map((k) => `${k}=${ns.labels[k]}`)
          .join('\u0001')}`,
    )
    .join('\u0002');
  if (
    previous &&
    previous.namespaceKey === namespaceKey &&
    previous.workloads.length === workloads.length &&
    previous.workloads.every((w, i) => w === workloads[i])
  )
    return previous;
  const { classes, classOf, classesByNamespace } = groupWorkloads(workloads, classKeyOf);
  const matcher = new PeerMatcher(classesByNamespace, new Map(namespaces.map((ns) => [ns.name, ns.labels])));
  return { workloads, namespaceKey, classes, classOf, classesByNamespace, matcher, compiledRules: new WeakMap() };
}

/**
 * Selector matching over classes and namespaces, cached by selector text (the same selectors recur in every namespace).
 * hostNetwork pods are never matched: they share the node's network namespace, the API leaves NetworkPolicy
 * behaviour for them undefined, and the common implementations treat their traffic as the node's. So no policy
 * isolates them and no selector peer allows them.
 */
export class PeerMatcher {
  private readonly namespaceCache = new Map<string, string[]>();
  private readonly podCache = new Map<string, number[]>();
  private readonly namespaceNames: string[];

  constructor(
    private readonly classesByNamespace: Map<string, WorkloadClass[]>,
    private readonly namespaceLabels: Map<string, Labels>,
  ) {
    this.namespaceNames = [...namespaceLabels.keys()].sort(compareStrings);
  }

  namespaces(selector: LabelSelector): string[] {
    const key = selectorKey(selector);
    let found = this.namespaceCache.get(key);
    if (!found) {
      found = this.namespaceNames.filter((name) => selectorMatches(selector, this.namespaceLabels.get(name)!));
      this.namespaceCache.set(key, found);
    }
    return found;
  }

  podsIn(selector: LabelSelector, namespace: string): number[] {
    const key = `${namespace}\u0000${selectorKey(selector)}`;
    let found = this.podCache.get(key);
    if (!found) {
      found = (this.classesByNamespace.get(namespace) ?? [])
        .filter((c) => !c.hostNetwork && this.matches(selector, c))
        .map((c) => c.id);
      this.podCache.set(key, found);
    }
    return found;
  }

  /** Labels controllers set with values no manifest tells: a selector that depends on their values is taken as not matching (not modelled). */
  private matches(selector: LabelSelector, c: WorkloadClass): boolean {
    if (!mentionsControllerLabels(selector)) return selectorMatches(selector, c.labels);
    return isValidSelector(selector) && selectorMatchesPod(selector, c.labels, c.unknownKeys) === true;
  }

  allIn(namespace: string): number[] {
    return (this.classesByNamespace.get(namespace) ?? []).filter((c) => !c.hostNetwork).map((c) => c.id);
  }
}

function groupWorkloads(workloads: readonly Workload[], classKeyOf: (workload: Workload) => string) {
  const byKey = new Map<string, WorkloadClass>();
  const classes: WorkloadClass[] = [];
  const classOf = new Map<string, WorkloadClass>();
  const classesByNamespace = new Map<string, WorkloadClass[]>();
  for (const workload of workloads) {
    const key = classKeyOf(workload);
    let found = byKey.get(key);
    if (!found) {
      found = {
        id: classes.length,
        namespace: workload.namespace,
        labels: workload.labels,
        ports: workload.ports,
        hostNetwork: workload.hostNetwork === true,
        unknownKeys: unknownValueLabels(workload),
        members: [],
        ingress: { isolating: [], rules: [] },
        egress: { isolating: [], rules: [] },
        notModelled: [],
      };
      byKey.set(key, found);
      classes.push(found);
      const list = classesByNamespace.get(workload.namespace) ?? [];
      list.push(found);
      classesByNamespace.set(workload.namespace, list);
    }
    found.members.push(workload);
    classOf.set(workload.ref, found);
  }
  return { classes, classOf, classesByNamespace };
}

/** What no selector can tell apart: namespace, pod labels, container ports, hostNetwork, labels controllers set with unknown values. */
export function classKey(workload: Workload): string {
  const labels = Object.keys(workload.labels)
    .sort(compareStrings)
    .map((key) => `${key}=${workload.labels[key]}`);
  const ports = workload.ports.map((p) => `${p.name ?? ''}/${p.protocol}/${p.containerPort}`).sort(compareStrings);
  return `${workload.namespace}\u0000${labels.join('\u0001')}\u0000${ports.join('\u0001')}\u0000${unknownValueLabels(workload).join('\u0001')}${workload.hostNetwork ? '\u0000host' : ''}`;
}
