// Kubernetes objects -> workloads (groups of pods with one label set),
// namespaces and NetworkPolicies, with problems reported as data.
//
// Decisions:
// - Pod labels come from the pod template, never from the controller's own
//   metadata.labels (CronJob: spec.jobTemplate.spec.template).
// - A null label value (`team:` with nothing after it, `team: ~`) is the empty
//   string: Go decodes JSON null into a map[string]string value as "", and the
//   API server accepts it. Any other value that is not a string (`app: yes` is a
//   YAML 1.1 boolean) cannot be decoded by the API server. That label is dropped,
//   so no selector matches it as the string "yes", and a problem is reported; the
//   other labels are kept so the rest of the workspace stays useful.
// - A Job's pods also carry `batch.kubernetes.io/job-name=<name>` and the legacy
//   `job-name=<name>`, which the API server adds to the pod template unless
//   `spec.manualSelector` is true (Job docs, "Job labels" and "Specifying your own
//   Pod selector"); a value written in the template is kept, as the API server
//   does. The controller-uid labels it adds too cannot be known from a manifest.
//   A CronJob's Jobs get generated names, so its pods get no job-name label here.
// - Container ports come from `containers` and from sidecars: `initContainers`
//   with `restartPolicy: Always` run for the pod's whole life (KEP-753, GA in 1.33),
//   and kubernetes `pkg/api/v1/pod.FindPort` looks named ports up in them too,
//   after the regular containers.
// - Replicas: `spec.replicas`, default 1, for Deployment, ReplicaSet, StatefulSet
//   and ReplicationController; 1 for a bare Pod; the number of Pod objects for
//   owned pods grouped under their controller; undefined for DaemonSet (one per
//   node), Job and CronJob (completions and schedule decide), which the manifests
//   cannot tell, unless the workspace holds their Pods too: then their number.
// - A Pod with an ownerReference `controller: true` belongs to that owner as the
//   reference names it (no walking further up); a Node owner (mirror/static pod)
//   leaves it a bare Pod. When the workspace holds the owner too (a cluster dump,
//   `kubectl get rs,pods -o yaml`), its Pods are folded into it: one workload, with
//   the owner's pod template labels, which a controller keeps on every Pod it owns.
import { isNetworkPolicy, type KubeObject } from './manifests';
import { isPortNumber, isProtocol, type ContainerPort, type Protocol } from './ports';
import { describeValue, type Labels } from './selectors';
import type { JsonPath, Range } from './types';
import { goString, isPlainObject, valueAt } from './values';
import { formatWorkloadRef } from './workloadRef';

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
  /** Pod labels (string values only). */
  labels: Labels;
  ports: readonly WorkloadPort[];
  /** The controller object (then the Pod objects it owns, when the workspace has them), or each grouped Pod object; never empty. */
  sources: readonly SourceLocation[];
  /** True when formed from Pod objects grouped by their controller ownerReference. */
  ownedPods: boolean;
}

export type ProblemKind =
  'non-string-label' | 'malformed-workload' | 'duplicate-workload' | 'duplicate-namespace' | 'kustomization';

/** Something in the manifests that the index had to skip or guess around. */
export interface IndexProblem {
  kind: ProblemKind;
  uri: string;
  range: Range;
  message: string;
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
}

interface WorkloadShape {
  /** Path of the pod template inside the object; [] for a Pod. */
  template: JsonPath;
  /** apiVersion prefixes under which this kind is a built-in workload. */
  groups: RegExp;
  defaultReplicas: boolean;
}

const WORKLOAD_SHAPES: Readonly<Record<string, WorkloadShape>> = {
  Pod: { template: [], groups: /^v1$/, defaultReplicas: false },
  ReplicationController: { template: ['spec', 'template'], groups: /^v1$/, defaultReplicas: true },
  Deployment: { template: ['spec', 'template'], groups: /^(apps|extensions)\//, defaultReplicas: true },
  ReplicaSet: { template: ['spec', 'template'], groups: /^(apps|extensions)\//, defaultReplicas: true },
  StatefulSet: { template: ['spec', 'template'], groups: /^apps\//, defaultReplicas: true },
  DaemonSet: { template: ['spec', 'template'], groups: /^(apps|extensions)\//, defaultReplicas: false },
  Job: { template: ['spec', 'template'], groups: /^batch\//, defaultReplicas: false },
  CronJob: { template: ['spec', 'jobTemplate', 'spec', 'template'], groups: /^batch\//, defaultReplicas: false },
};

/** Built-in and common cluster-scoped kinds: they live in no namespace. */
const NOT_NAMESPACED: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'RuntimeClass',
  'PriorityClass',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'APIService',
  'IngressClass',
  'CertificateSigningRequest',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'PodSecurityPolicy',
  'FlowSchema',
  'PriorityLevelConfiguration',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
  'GlobalNetworkPolicy',
  'ClusterIssuer',
]);

/**
 * Whether objects of this kind live in a namespace. Unknown kinds are taken as
 * namespaced. Kustomize's own files (Kustomization, Component) are not resources.
 */
export const isNamespaced = (object: KubeObject): boolean =>
  !NOT_NAMESPACED.has(object.kind) && !/^kustomize\.config\.k8s\.io\//.test(object.apiVersion);

/** A workload's kind when the object is one of the built-in workload kinds. */
export function workloadShape(object: KubeObject): WorkloadShape | undefined {
  const shape = Object.hasOwn(WORKLOAD_SHAPES, object.kind) ? WORKLOAD_SHAPES[object.kind] : undefined;
  return shape && shape.groups.test(object.apiVersion) ? shape : undefined;
}

/** metadata.namespace when it is a non-empty string. */
export function explicitNamespace(object: KubeObject): string | undefined {
  const metadata = object.value.metadata;
  const namespace = isPlainObject(metadata) ? metadata.namespace : undefined;
  return typeof namespace === 'string' && namespace !== '' ? namespace : undefined;
}

/**
 * Extracts what the objects of one file contribute.
 * @param namespaceOf the effective namespace of a namespaced object (explicit,
 *   kustomization or default); the workspace owns that policy.
 */
export function extractContributions(
  objects: readonly KubeObject[],
  namespaceOf: (object: KubeObject) => string,
): FileContributions {
  const out: FileContributions = {
    workloads: [],
    namespaceObjects: [],
    referencedNamespaces: [],
    networkPolicies: [],
    services: [],
    problems: [],
  };
  const referenced = new Set<string>();
  for (const object of objects) {
    try {
      extractObject(object, namespaceOf, out, referenced);
    } catch (error) {
      // Defensive: one odd object must never stop the others.
      out.problems.push(
        problem(
          'malformed-workload',
          object,
          object.range,
          `Object skipped: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
  out.referencedNamespaces = [...referenced];
  return out;
}

function extractObject(
  object: KubeObject,
  namespaceOf: (object: KubeObject) => string,
  out: FileContributions,
  referenced: Set<string>,
): void {
  const metadata = isPlainObject(object.value.metadata) ? object.value.metadata : {};
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      out.problems.push(problem('malformed-workload', object, object.range, 'Namespace without metadata.name is ignored.'));
      return;
    }
    const labels = readLabels(object, ['metadata', 'labels'], out.problems);
    out.namespaceObjects.push({
      name: metadata.name,
      labels: withNamespaceNameLabel(labels, metadata.name),
      source: location(object, ['metadata', 'labels']),
    });
    return;
  }
  if (!isNamespaced(object)) return;
  const namespace = namespaceOf(object);
  referenced.add(namespace);
  if (isNetworkPolicy(object)) {
    out.networkPolicies.push({ object, namespace });
    return;
  }
  if (object.kind === 'Service' && object.apiVersion === 'v1') {
    const service = readService(object, namespace, metadata);
    if (service) out.services.push(service);
    return;
  }
  const shape = workloadShape(object);
  if (!shape) return;
  const workload = readWorkload(object, shape, namespace, metadata, out.problems);
  if (workload) out.workloads.push(workload);
}

function readWorkload(
  object: KubeObject,
  shape: WorkloadShape,
  namespace: string,
  metadata: Record<string, unknown>,
  problems: IndexProblem[],
): Workload | undefined {
  const owner = object.kind === 'Pod' ? controllerOwner(metadata) : undefined;
  const name = owner ? owner.name : metadata.name;
  if (typeof name !== 'string' || name === '') {
    problems.push(problem('malformed-workload', object, object.range, `${object.kind} without metadata.name is not indexed.`));
    return undefined;
  }
  const template = valueAt(object.value, shape.template);
  if (!isPlainObject(template)) {
    problems.push(
      problem(
        'malformed-workload',
        object,
        object.locate(shape.template).valueRange,
        `${object.kind} "${name}" has no pod template at ${shape.template.join('.')}: its pods are not indexed.`,
      ),
    );
    return undefined;
  }
  const kind = owner ? owner.kind : object.kind;
  const labelsPath = [...shape.template, 'metadata', 'labels'];
  return {
    ref: formatWorkloadRef(namespace, name, kind),
    kind,
    namespace,
    name,
    replicas: owner ? 1 : object.kind === 'Pod' ? 1 : shape.defaultReplicas ? readReplicas(object, problems) : undefined,
    labels:
      object.kind === 'Job'
        ? withJobNameLabels(object, readLabels(object, labelsPath, problems), name)
        : readLabels(object, labelsPath, problems),
    ports: readPorts(object, [...shape.template, 'spec'], problems),
    sources: [location(object, labelsPath)],
    ownedPods: owner !== undefined,
  };
}

/** The ownerReference with `controller: true`, unless it is a Node (mirror pods of static pods). */
function controllerOwner(metadata: Record<string, unknown>): { kind: string; name: string } | undefined {
  const references = metadata.ownerReferences;
  if (!Array.isArray(references)) return undefined;
  const controller = references.find((r) => isPlainObject(r) && r.controller === true);
  if (
    !isPlainObject(controller) ||
    typeof controller.kind !== 'string' ||
    typeof controller.name !== 'string' ||
    controller.name === ''
  )
    return undefined;
  if (controller.kind === 'Node') return undefined;
  return { kind: controller.kind, name: controller.name };
}

function readReplicas(object: KubeObject, problems: IndexProblem[]): number {
  const replicas = valueAt(object.value, ['spec', 'replicas']);
  if (replicas === undefined || replicas === null) return 1;
  if (Number.isInteger(replicas) && (replicas as number) >= 0) return replicas as number;
  problems.push(
    problem(
      'malformed-workload',
      object,
      object.locate(['spec', 'replicas']).valueRange,
      `spec.replicas must be a non-negative integer; taken as 1.`,
    ),
  );
  return 1;
}

/** Labels at a path; null values read as "", other non-string values are dropped and reported. */
function readLabels(object: KubeObject, path: JsonPath, problems: IndexProblem[]): Labels {
  const labels: Record<string, string> = Object.create(null);
  const raw = valueAt(object.value, path);
  if (raw === undefined || raw === null) return labels;
  if (!isPlainObject(raw)) {
    problems.push(
      problem('non-string-label', object, object.locate(path).valueRange, 'labels must be a map of strings; ignored.'),
    );
    return labels;
  }
  for (const [key, value] of Object.entries(raw)) {
    const decoded = goString(value);
    if (decoded !== undefined) {
      labels[key] = decoded;
    } else {
      problems.push(
        problem(
          'non-string-label',
          object,
          object.locate([...path, key]).valueRange,
          `Label "${key}" is ${describeValue(value)}, not a string: the API server rejects it and no selector matches it. Quote it.`,
        ),
      );
    }
  }
  return labels;
}

/** Labels the API server adds to a Job's pod template (`generateSelector` in the Job registry strategy). */
const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

function withJobNameLabels(job: KubeObject, templateLabels: Labels, name: string): Labels {
  if (valueAt(job.value, ['spec', 'manualSelector']) === true) return templateLabels;
  const labels: Record<string, string> = Object.create(null);
  Object.assign(labels, templateLabels);
  for (const key of JOB_NAME_LABELS) if (!Object.hasOwn(labels, key)) labels[key] = name;
  return labels;
}

/**
 * A Service whose selector picks pods and whose ports kube-proxy translates. Left
 * out: no selector or an empty one (endpoints managed by hand), a selector value
 * that is not a string (the API server rejects it; dropping it would widen the
 * selection), headless Services and ExternalName ones (nothing is translated).
 * Malformed ports are skipped: validating Services is not this tool's job.
 */
function readService(object: KubeObject, namespace: string, metadata: Record<string, unknown>): ServiceEntry | undefined {
  if (typeof metadata.name !== 'string' || metadata.name === '') return undefined;
  const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
  if (!isPlainObject(spec.selector) || Object.keys(spec.selector).length === 0) return undefined;
  // The API server fills clusterIP from clusterIPs[0]: either may say None.
  const headless = spec.clusterIP === 'None' || (Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] === 'None');
  if (headless || spec.type === 'ExternalName') return undefined;
  const selector: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(spec.selector)) {
    const decoded = goString(value);
    if (decoded === undefined) return undefined;
    selector[key] = decoded;
  }
  const ports: ServicePort[] = [];
  for (const entry of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isPlainObject(entry) || !isPortNumber(entry.port)) continue;
    const protocol = entry.protocol === undefined || entry.protocol === null || entry.protocol === '' ? 'TCP' : entry.protocol;
    if (!isProtocol(protocol)) continue;
    // The API server defaults an absent, 0 or "" targetPort to port.
    const { targetPort } = entry;
    const unset = targetPort === undefined || targetPort === null || targetPort === 0 || targetPort === '';
    const target = unset ? entry.port : targetPort;
    if (!isPortNumber(target) && typeof target !== 'string') continue;
    const servicePort: ServicePort = { port: entry.port, targetPort: target, protocol };
    if (typeof entry.name === 'string' && entry.name !== '') servicePort.name = entry.name;
    ports.push(servicePort);
  }
  return { namespace, name: metadata.name, selector, ports, source: location(object, ['spec', 'selector']) };
}

function readPorts(object: KubeObject, podSpecPath: JsonPath, problems: IndexProblem[]): WorkloadPort[] {
  const ports: WorkloadPort[] = [];
  const podSpec = valueAt(object.value, podSpecPath);
  if (!isPlainObject(podSpec)) return ports;
  for (const field of ['containers', 'initContainers'] as const) {
    const containers = podSpec[field];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container, containerIndex) => {
      if (!isPlainObject(container)) return;
      const sidecar = field === 'initContainers';
      if (sidecar && container.restartPolicy !== 'Always') return;
      if (!Array.isArray(container.ports)) return;
      const containerName = typeof container.name === 'string' ? container.name : `#${containerIndex}`;
      container.ports.forEach((port, portIndex) => {
        if (!isPlainObject(port)) return;
        const { containerPort, name, protocol } = port;
        if (!isPortNumber(containerPort)) {
          const range = object.locate([...podSpecPath, field, containerIndex, 'ports', portIndex]).valueRange;
          problems.push(
            problem('malformed-workload', object, range, `containerPort must be an integer from 1 to 65535; port ignored.`),
          );
          return;
        }
        const effectiveProtocol = protocol === undefined || protocol === null || protocol === '' ? 'TCP' : protocol;
        if (!isProtocol(effectiveProtocol)) {
          const range = object.locate([...podSpecPath, field, containerIndex, 'ports', portIndex, 'protocol']).valueRange;
          problems.push(problem('malformed-workload', object, range, `protocol must be TCP, UDP or SCTP; port ignored.`));
          return;
        }
        // Built field by field: objects made by spreading a conditional `{ name }` are slow to read
        // (about 20 times slower in V8 here), and every selector and port check reads these.
        const entry: WorkloadPort = { containerPort, protocol: effectiveProtocol, container: containerName, sidecar };
        if (typeof name === 'string' && name !== '') entry.name = name;
        ports.push(entry);
      });
    });
  }
  return ports;
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
    problems.push(
      sourceProblem(
        'duplicate-workload',
        extra.sources[0],
        `Duplicate workload ${extra.ref}: another object in the workspace has the same namespace, name and kind.`,
      ),
    );
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
  const result: Record<string, string> = Object.create(null);
  Object.assign(result, labels);
  result[NAMESPACE_NAME_LABEL] = name;
  return result;
}

/** Ranges are computed on first use: they need the file's syntax tree, which indexing never builds. */
function location(object: KubeObject, labelsPath: JsonPath): SourceLocation {
  return {
    uri: object.uri,
    get range(): Range {
      return object.range;
    },
    get labelsRange(): Range | undefined {
      const labels = object.locate(labelsPath);
      return labels.exact ? labels.valueRange : undefined;
    },
  };
}

function problem(kind: ProblemKind, object: KubeObject, range: Range, message: string): IndexProblem {
  return { kind, uri: object.uri, range, message };
}

function sourceProblem(kind: ProblemKind, source: SourceLocation, message: string): IndexProblem {
  return { kind, uri: source.uri, range: source.range, message };
}
