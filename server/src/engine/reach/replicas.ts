// The workloads reachability analyses. A StatefulSet's pods differ in the labels its
// controller adds per replica (podLabels.ts: statefulset.kubernetes.io/pod-name,
// apps.kubernetes.io/pod-index): when some policy selector selects some of its
// replicas and not others, each replica becomes an endpoint of its own, ref
// `namespace/name[StatefulSet]#<ordinal>`. Otherwise the StatefulSet stays one
// endpoint; while any selector mentions those labels, it carries the labels of its
// first replica, on which every such selector answers as on all of them.
import type { KubernetesVersion } from '../kubernetesVersion';
import { mentionsReplicaLabels, POD_INDEX_LABEL, POD_NAME_LABEL, replicaLabels, replicaOrdinals, selectPods } from '../podLabels';
import { effectiveRules } from '../policy';
import { compareStrings, type LabelSelector } from '../selectors';
import type { Workload } from '../workloads';
import { formatReplicaRef } from '../workloadRef';
import type { Workspace } from '../workspace';

/** Replica endpoints and relabelled StatefulSets, kept per workload object so that classes stay stable between analyses. */
export class ReplicaExpansion {
  private readonly memo = new WeakMap<Workload, { split: boolean; result: Workload[] }>();

  constructor(private readonly version: KubernetesVersion) {}

  /** The endpoints of `workloads` (sorted by ref), for the selectors of the workspace's policies. */
  expand(workspace: Workspace, workloads: readonly Workload[]): Workload[] {
    const selectors = replicaSelectors(workspace);
    if (selectors.length === 0) return [...workloads];
    const out: Workload[] = [];
    let changed = false;
    for (const workload of workloads) {
      const ordinals = replicaOrdinals(workload);
      if (ordinals.length === 0) {
        out.push(workload);
        continue;
      }
      changed = true;
      const split = selectors.some((s) => selectPods(s, workload, this.version).kind === 'replicas');
      let known = this.memo.get(workload);
      if (known?.split !== split) {
        known = { split, result: split ? this.replicas(workload, ordinals) : [this.relabelled(workload, ordinals[0])] };
        this.memo.set(workload, known);
      }
      out.push(...known.result);
    }
    return changed ? out.sort((a, b) => compareStrings(a.ref, b.ref)) : out;
  }

  private replicas(workload: Workload, ordinals: number[]): Workload[] {
    return ordinals.map((ordinal) => ({
      ...workload,
      ref: formatReplicaRef(workload.ref, ordinal),
      replicas: 1,
      labels: replicaLabels(workload, ordinal, this.version),
      replica: { of: workload.ref, ordinal },
    }));
  }

  private relabelled(workload: Workload, ordinal: number): Workload {
    return { ...workload, labels: replicaLabels(workload, ordinal, this.version) };
  }
}

/**
 * The pod selectors of the workspace's policies that mention per-replica labels: of every
 * copy of each policy, since which copy the cluster holds depends on validation (analysis.ts
 * heldPolicies); splitting replicas no held policy tells apart only repeats one answer per replica.
 */
function replicaSelectors(workspace: Workspace): LabelSelector[] {
  const selectors: LabelSelector[] = [];
  for (const entry of workspace.networkPolicyCopies().flat()) {
    // Reading a policy into its model costs more than looking for the two label keys in its value.
    if (!holdsReplicaLabelKeyOnce(entry.object)) continue;
    const model = workspace.policyModel(entry.object);
    const all = [model.podSelector.selector];
    for (const direction of ['ingress', 'egress'] as const)
      for (const rule of effectiveRules(model, direction))
        for (const peer of rule.peers) if (peer.kind === 'selector' && peer.podSelector) all.push(peer.podSelector.selector);
    selectors.push(...all.filter(mentionsReplicaLabels));
  }
  return selectors;
}

/** Per parsed object (never changed once parsed): every analysis after an edit asks again of every policy. */
const heldReplicaLabelKey = new WeakMap<object, boolean>();

function holdsReplicaLabelKeyOnce(object: { value: unknown }): boolean {
  let held = heldReplicaLabelKey.get(object);
  if (held === undefined) heldReplicaLabelKey.set(object, (held = holdsReplicaLabelKey(object.value)));
  return held;
}

/** Whether a decoded value holds one of the per-replica label keys anywhere, as a map key or a string. */
function holdsReplicaLabelKey(value: unknown): boolean {
  if (typeof value === 'string') return value === POD_NAME_LABEL || value === POD_INDEX_LABEL;
  if (Array.isArray(value)) return value.some(holdsReplicaLabelKey);
  if (typeof value !== 'object' || value === null) return false;
  for (const [key, inner] of Object.entries(value)) if (holdsReplicaLabelKey(key) || holdsReplicaLabelKey(inner)) return true;
  return false;
}
