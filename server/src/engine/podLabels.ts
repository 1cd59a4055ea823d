// Labels the controllers put on the pods they create, beyond the template's, and
// what a selector on them selects:
// - StatefulSet pods carry `statefulset.kubernetes.io/pod-name: <name>-<ordinal>`
//   and, from Kubernetes 1.28 (PodIndexLabel, beta and on by default), also
//   `apps.kubernetes.io/pod-index: "<ordinal>"` (docs "StatefulSets", sections
//   "Pod Name Label" and "Pod index label"). Ordinals run from spec.ordinals.start
//   (default 0) for spec.replicas pods. A selector on them can select some replicas
//   of a StatefulSet and not others.
// - Labels whose value no manifest tells: `pod-template-hash` (Deployment: a hash of
//   the template the Deployment controller computes), `controller-revision-hash`
//   (StatefulSet, DaemonSet), `pod-template-generation` (DaemonSet), the Job
//   controller-uid labels, and the job-name labels of a CronJob's Jobs (generated
//   names). A selector that depends on them is "unknown", never "matches nothing".
//   (The job-name labels of a plain Job are known: contributions.ts adds them.)
import { atLeast, DEFAULT_KUBERNETES_VERSION, type KubernetesVersion } from './kubernetesVersion';
import { isValidSelector, requirementMatches, type LabelSelector, type Labels } from './selectors';
import type { Workload } from './workloads';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const JOB_UID_LABELS = ['batch.kubernetes.io/controller-uid', 'controller-uid'];

/** Labels a controller sets on every pod of a kind, with values the manifests do not tell. */
const UNKNOWN_VALUE_LABELS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['pod-template-hash'],
  StatefulSet: ['controller-revision-hash'],
  DaemonSet: ['controller-revision-hash', 'pod-template-generation'],
  Job: JOB_UID_LABELS,
  CronJob: [...JOB_UID_LABELS, 'batch.kubernetes.io/job-name', 'job-name'],
};

/** Every label key a controller adds; a selector mentioning none of them needs only the template labels. */
const CONTROLLER_LABEL_KEYS: ReadonlySet<string> = new Set([
  POD_NAME_LABEL,
  POD_INDEX_LABEL,
  ...Object.values(UNKNOWN_VALUE_LABELS).flat(),
]);

/** The keys a controller sets on this workload's pods with an unknown value (a value written in the template is known). */
export function unknownValueLabels(workload: Pick<Workload, 'kind' | 'labels'>): string[] {
  const keys = Object.hasOwn(UNKNOWN_VALUE_LABELS, workload.kind) ? UNKNOWN_VALUE_LABELS[workload.kind] : [];
  return keys.filter((key) => !Object.hasOwn(workload.labels, key));
}

/** Whether a selector mentions a label some controller adds: only then do pods need more than their template labels. */
export function mentionsControllerLabels(selector: LabelSelector): boolean {
  return (
    selector.matchLabels.some((m) => CONTROLLER_LABEL_KEYS.has(m.key)) ||
    selector.matchExpressions.some((e) => CONTROLLER_LABEL_KEYS.has(e.key))
  );
}

/** Whether a selector mentions the per-replica labels of StatefulSet pods. */
export function mentionsReplicaLabels(selector: LabelSelector): boolean {
  const replicaKey = (key: string) => key === POD_NAME_LABEL || key === POD_INDEX_LABEL;
  return selector.matchLabels.some((m) => replicaKey(m.key)) || selector.matchExpressions.some((e) => replicaKey(e.key));
}

/** The ordinals of a StatefulSet's pods; [] for other kinds. */
export function replicaOrdinals(workload: Pick<Workload, 'kind' | 'replicas' | 'firstOrdinal'>): number[] {
  if (workload.kind !== 'StatefulSet') return [];
  const start = workload.firstOrdinal ?? 0;
  return Array.from({ length: workload.replicas ?? 1 }, (_, i) => start + i);
}

/** The labels of one StatefulSet pod: the template's and the per-replica ones its controller adds. */
export function replicaLabels(
  workload: Pick<Workload, 'name' | 'labels'>,
  ordinal: number,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): Labels {
  const labels = Object.create(null) as Record<string, string>;
  Object.assign(labels, workload.labels);
  labels[POD_NAME_LABEL] = `${workload.name}-${ordinal}`;
  if (atLeast(version, 1, 28)) labels[POD_INDEX_LABEL] = String(ordinal);
  return labels;
}

/** How a selector selects a workload's pods. */
export type PodSelection =
  | { kind: 'all' }
  | { kind: 'none' }
  /** Some of a StatefulSet's replicas, not all (their ordinals). */
  | { kind: 'replicas'; ordinals: number[] }
  /** It depends on labels a controller sets with values the manifests do not tell. */
  | { kind: 'unknown'; keys: string[] };

/**
 * Whether a valid selector selects a pod with these labels, plus `unknownKeys` that its
 * controller sets to values no manifest tells: 'unknown' when the answer depends on
 * those values (Exists on them holds, DoesNotExist fails). The keys it depended on are
 * added to `used`.
 */
export function selectorMatchesPod(
  selector: LabelSelector,
  labels: Labels,
  unknownKeys: readonly string[],
  used?: Set<string>,
): boolean | 'unknown' {
  let result = true as boolean | 'unknown';
  const depends: string[] = [];
  const hold = (key: string, known: () => boolean, present: () => boolean | 'unknown'): void => {
    if (result === false) return;
    if (!unknownKeys.includes(key)) {
      if (!known()) result = false;
      return;
    }
    const outcome = present();
    if (outcome === false) result = false;
    else if (outcome === 'unknown') {
      result = 'unknown';
      depends.push(key);
    }
  };
  for (const m of selector.matchLabels)
    hold(
      m.key,
      () => Object.hasOwn(labels, m.key) && labels[m.key] === m.value,
      () => 'unknown',
    );
  for (const e of selector.matchExpressions)
    hold(
      e.key,
      () => requirementMatches(e, labels),
      // The controller always sets the key: Exists holds, DoesNotExist fails, values are unknown.
      () => (e.operator === 'Exists' ? true : e.operator === 'DoesNotExist' ? false : 'unknown'),
    );
  if (result === 'unknown' && used) for (const key of depends) used.add(key);
  return result;
}

/** What a selector selects of one workload's pods, the labels its controller adds included. */
export function selectPods(
  selector: LabelSelector,
  workload: Workload,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): PodSelection {
  if (!isValidSelector(selector)) return { kind: 'none' };
  const ordinals = mentionsReplicaLabels(selector) ? replicaOrdinals(workload) : [];
  const podLabels = ordinals.length > 0 ? ordinals.map((o) => replicaLabels(workload, o, version)) : [workload.labels];
  const unknown = unknownValueLabels(workload);
  const used = new Set<string>();
  const matches = podLabels.map((labels) => selectorMatchesPod(selector, labels, unknown, used));
  if (matches.every((m) => m === false)) return { kind: 'none' };
  if (matches.some((m) => m === 'unknown')) return { kind: 'unknown', keys: [...used].sort() };
  if (matches.every((m) => m === true)) return { kind: 'all' };
  return { kind: 'replicas', ordinals: ordinals.filter((_, i) => matches[i] === true) };
}
