// What the index holds: workloads (groups of pods with one label set), namespaces,
// NetworkPolicies and Services, and the problems met reading them
// (contributions.ts reads them from Kubernetes objects). Workloads that share a
// ref are merged here: Pods folded into their controller, duplicates reported.
import type { ForeignPolicy } from './foreignPolicies';
import type { KubeObject } from './manifests';
import type { ContainerPort, Protocol } from './ports';
import type { Labels } from './selectors';
import type { Range, RelatedLocation } from './types';

/** Default for objects without metadata.namespace, as kubectl without `-n`. */
export const DEFAULT_NAMESPACE = 'default';

/** Label the API server puts on every namespace (NamespaceDefaultLabelName, GA in 1.22). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface SourceLocation {
  uri: string;
  /** Range of the whole object. */
  range: Range;
  /** Range of the pod labels map (template metadata.labels), when it exists. */
  labelsRange?: Range;
}

/** A container port of a workload's pods, with where it comes from. */
export interface WorkloadPort extends ContainerPort {
  container: string;
  /** From an init container with restartPolicy Always. */
  sidecar: boolean;
}

/** A set of pods with one label set, e.g. a Deployment's pods. */
export interface Workload {
  /** `namespace/name[Kind]`, see {@link formatWorkloadRef}. */
  ref: string;
  /** Pod, Deployment, ...; for grouped owned pods, the owner's kind as the reference names it. */
  kind: string;
  namespace: string;
  name: string;
  replicas?: number;
  /** StatefulSet spec.ordinals.start, when set: the ordinal of the first replica (0 otherwise). */
  firstOrdinal?: number;
  /** Pods sharing the node's network namespace (pod spec hostNetwork: true). */
  hostNetwork?: boolean;
  /** One replica of a StatefulSet, as reachability analyses it when a policy tells its replicas apart. */
  replica?: { of: string; ordinal: number };
  /** Pod labels (string values only). */
  labels: Labels;
  ports: readonly WorkloadPort[];
  /** The controller object (then the Pod objects it owns, when the workspace has them), or each grouped Pod object; never empty. */
  sources: readonly SourceLocation[];
  /** True when formed from Pod objects grouped by their controller ownerReference. */
  ownedPods: boolean;
  /**
   * For the pods of a custom resource (kind Prometheus...): the StatefulSet its operator
   * creates, whose pods are named `<statefulSetName>-<ordinal>`.
   */
  statefulSetName?: string;
}

export type ProblemKind =
  | 'non-string-label'
  | 'malformed-workload'
  | 'duplicate-workload'
  | 'duplicate-namespace'
  | 'duplicate-policy'
  | 'kustomization'
  | 'workload-selector'
  | 'duplicate-files'
  /** A renderer's output that could not be read. */
  | 'render';

/** Something in the manifests that the index had to skip or guess around. */
export interface IndexProblem {
  kind: ProblemKind;
  uri: string;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /** For a duplicate object: its name as messages print it and where its other copies are, so duplicates two files share can be grouped (duplicateFiles.ts). */
  duplicateOf?: DuplicateOf;
}

export interface DuplicateOf {
  /** `ns/name[Kind]`, or `name[Namespace]`. */
  object: string;
  copies: readonly { uri: string; range: Range }[];
}

/** A `kind: Namespace` object. */
export interface NamespaceObject {
  name: string;
  labels: Labels;
  source: SourceLocation;
}

export interface NetworkPolicyEntry {
  object: KubeObject;
  /** metadata.namespace, or the namespace a kustomization or the default gives it. */
  namespace: string;
}

/** One entry of a Service's `ports`: what clients connect to, and the pod port it is forwarded to. */
export interface ServicePort {
  name?: string;
  port: number;
  /** A pod port number, or a container port name looked up on each pod; `port` when absent. */
  targetPort: number | string;
  protocol: Protocol;
}

/** A `kind: Service` (v1) with a selector: which pods it forwards to, on which ports. */
export interface ServiceEntry {
  namespace: string;
  name: string;
  /** spec.selector (string values only): pods with all these labels, in the Service's namespace. */
  selector: Labels;
  ports: ServicePort[];
  source: SourceLocation;
}

/** What one file adds to the index. */
export interface FileContributions {
  /** One per workload object or Pod; Pods of one owner are merged by {@link combineWorkloads}. */
  workloads: Workload[];
  namespaceObjects: NamespaceObject[];
  /** Namespaces that namespaced objects live in. */
  referencedNamespaces: string[];
  networkPolicies: NetworkPolicyEntry[];
  services: ServiceEntry[];
  problems: IndexProblem[];
  /** Policies of other kinds (Cilium, Calico, AdminNetworkPolicy, Istio): indexed, not modelled. */
  foreignPolicies: ForeignPolicy[];
}
/**
 * Merges the workloads sharing one ref. Pods owned by a controller the parts also
 * hold are folded into it (its labels, ports and replicas, or the number of Pods
 * when it has no replica count; a problem for a Pod lacking its template labels).
 * Pods owned by a controller the parts do not hold become one workload (replicas =
 * number of Pods; labels and ports of the first Pod, with a problem if another
 * Pod's labels differ). Any other sharing of a ref is a duplicate: all are kept
 * and each extra one gets a problem.
 */
export function combineWorkloads(parts: readonly Workload[]): { workloads: Workload[]; problems: IndexProblem[] } {
  const problems: IndexProblem[] = [];
  const owned = parts.filter((p) => p.ownedPods);
  const workloads = parts.filter((p) => !p.ownedPods);
  const [controller] = workloads;
  if (owned.length > 0 && controller) {
    for (const pod of owned) {
      if (!carriesLabels(pod.labels, controller.labels)) {
        problems.push(
          sourceProblem(
            'duplicate-workload',
            pod.sources[0],
            `This Pod of ${controller.ref} lacks labels of its pod template; the template's labels are used.`,
          ),
        );
      }
    }
    workloads[0] = {
      ...controller,
      replicas: controller.replicas ?? owned.length,
      sources: [...controller.sources, ...owned.flatMap((p) => p.sources)],
    };
  } else if (owned.length > 0) {
    const [first] = owned;
    for (const other of owned.slice(1)) {
      if (!sameLabels(first.labels, other.labels)) {
        problems.push(
          sourceProblem(
            'duplicate-workload',
            other.sources[0],
            `This Pod of ${first.ref} has other labels than its first Pod; the first Pod's labels are used.`,
          ),
        );
      }
    }
    workloads.push({ ...first, replicas: owned.length, sources: owned.flatMap((p) => p.sources) });
  }
  for (const extra of workloads.slice(1)) {
    const copies = workloads
      .filter((other) => other !== extra)
      .map((other) => ({ uri: other.sources[0].uri, range: other.sources[0].range }));
    problems.push({
      ...sourceProblem(
        'duplicate-workload',
        extra.sources[0],
        `Duplicate workload ${extra.ref}: another object in the workspace has the same namespace, name and kind.`,
      ),
      duplicateOf: { object: extra.ref, copies },
    });
  }
  return { workloads, problems };
}

/** Whether `labels` has every label of `required`, with the same value. */
function carriesLabels(labels: Labels, required: Labels): boolean {
  return Object.keys(required).every((k) => Object.hasOwn(labels, k) && labels[k] === required[k]);
}

const sameLabels = (a: Labels, b: Labels): boolean => Object.keys(a).length === Object.keys(b).length && carriesLabels(b, a);

/** Namespace labels with the label the API server always sets (and overwrites) on a namespace. */
export function withNamespaceNameLabel(labels: Labels, name: string): Labels {
  const result = Object.create(null) as Record<string, string>;
  Object.assign(result, labels);
  result[NAMESPACE_NAME_LABEL] = name;
  return result;
}
function sourceProblem(kind: ProblemKind, source: SourceLocation, message: string): IndexProblem {
  return { kind, uri: source.uri, range: source.range, message };
}
