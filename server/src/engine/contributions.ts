// What one file contributes to the index: Kubernetes objects -> workloads (groups
// of pods with one label set), namespaces, NetworkPolicies and Services, with
// problems reported as data.
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
// - spec.hostNetwork: true (in the pod spec) is kept: such pods share the node's
//   network namespace, and reachability treats them as no policy's pods.
// - StatefulSet spec.ordinals.start (GA in 1.31) numbers the replicas from there
//   (their controller-added labels: podLabels.ts).
// - A Pod with an ownerReference `controller: true` belongs to that owner as the
//   reference names it (no walking further up); a Node owner (mirror/static pod)
//   leaves it a bare Pod. When the workspace holds the owner too (a cluster dump,
//   `kubectl get rs,pods -o yaml`), its Pods are folded into it: one workload, with
//   the owner's pod template labels, which a controller keeps on every Pod it owns.
import { readForeignPolicy } from './foreignPolicies';
// - prometheus-operator's Prometheus, Alertmanager and ThanosRuler stand for the pods
//   the operator makes for them (operatorWorkloads.ts): workloads of that kind.
import { isNetworkPolicy, type KubeObject } from './manifests';
import { isOperatorResource, operatorPods, POD_METADATA_LABELS_PATH, POD_SPEC_PATH } from './operatorWorkloads';
import { isPortNumber, isProtocol } from './ports';
import { describeValue, isEmptySelector, isValidSelector, parseLabelSelector, selectorMatches, type Labels } from './selectors';
import type { JsonPath, Range } from './types';
import { goString, isPlainObject, valueAt } from './values';
import { formatWorkloadRef } from './workloadRef';
import {
  withNamespaceNameLabel,
  type FileContributions,
  type IndexProblem,
  type ProblemKind,
  type ServiceEntry,
  type ServicePort,
  type SourceLocation,
  type Workload,
  type WorkloadPort,
} from './workloads';

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
  'CiliumClusterwideNetworkPolicy',
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
/** What a file without objects contributes. */
export function emptyContributions(): FileContributions {
  return {
    workloads: [],
    namespaceObjects: [],
    referencedNamespaces: [],
    networkPolicies: [],
    services: [],
    problems: [],
    foreignPolicies: [],
  };
}

export function extractContributions(
  objects: readonly KubeObject[],
  namespaceOf: (object: KubeObject) => string,
  /** The `namespace:` of the kustomization rendering the file: kustomize renames Namespace objects to it too. */
  kustomizeNamespace?: string,
): FileContributions {
  const out = emptyContributions();
  const referenced = new Set<string>();
  for (const object of objects) {
    try {
      extractObject(object, namespaceOf, out, referenced, kustomizeNamespace);
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
  kustomizeNamespace: string | undefined,
): void {
  const metadata = isPlainObject(object.value.metadata) ? object.value.metadata : {};
  if (object.kind === 'Namespace' && object.apiVersion === 'v1') {
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      out.problems.push(problem('malformed-workload', object, object.range, 'Namespace without metadata.name is ignored.'));
      return;
    }
    const labels = readLabels(object, ['metadata', 'labels'], out.problems);
    // kustomize's namespace transformer renames the Namespace objects it renders to its
    // `namespace:` (kubernetes-sigs/kustomize PR 2953): a base's `Namespace shop` under an
    // overlay with `namespace: shop-staging` is shop-staging, labels and all.
    const name = kustomizeNamespace ?? metadata.name;
    out.namespaceObjects.push({
      name,
      labels: withNamespaceNameLabel(labels, name),
      source: location(object, ['metadata', 'labels']),
    });
    return;
  }
  // Other policy kinds are indexed to be named beside verdicts, not modelled (foreignPolicies.ts).
  const foreign = readForeignPolicy(object, isNamespaced(object) ? namespaceOf(object) : '');
  if (foreign) out.foreignPolicies.push(foreign);
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
  if (isOperatorResource(object)) {
    out.workloads.push(...readOperatorWorkloads(object, namespace, metadata, out.problems));
    return;
  }
  const shape = workloadShape(object);
  if (!shape) return;
  const workload = readWorkload(object, shape, namespace, metadata, out.problems);
  if (!workload) return;
  const refused = selectorRefusal(object, workload.labels);
  if (refused) out.problems.push(refused);
  else out.workloads.push(workload);
}

/**
 * kube-apiserver refuses a controller whose selector cannot select its own pods
 * (pkg/apis/apps/validation ValidateDeploymentSpec, ValidateReplicaSetSpec,
 * ValidateStatefulSetSpec, ValidateDaemonSetSpec; core ValidateReplicationControllerSpec;
 * batch ValidateJobSpec with manualSelector): a non-empty `selector` in apps/v1, and
 * "`selector` does not match template `labels`". Such a workload never runs, so it is
 * not indexed. A missing selector (also refused in apps/v1) is left to the schema-less
 * reading: it is not flagged, and the workload is indexed from its template.
 */
function selectorRefusal(object: KubeObject, templateLabels: Labels): IndexProblem | undefined {
  const selectorPath = ['spec', 'selector'];
  const written = valueAt(object.value, selectorPath);
  const at = (path: JsonPath): Range => object.locate(path).valueRange;
  const refusal = (range: Range, message: string): IndexProblem =>
    problem(
      'workload-selector',
      object,
      range,
      `${message}: the API server refuses this ${object.kind}, so its pods are not indexed.`,
    );
  const apps =
    /^apps\/v1$/.test(object.apiVersion) && ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(object.kind);
  const manualJob = object.kind === 'Job' && valueAt(object.value, ['spec', 'manualSelector']) === true;
  if (apps || manualJob) {
    if (written === undefined || written === null) return undefined;
    const selector = parseLabelSelector(written);
    if (!selector || !isValidSelector(selector)) return undefined; // the selector's own problems are not this rule's
    if (apps && isEmptySelector(selector))
      return refusal(at(selectorPath), `an empty spec.selector is invalid for a ${object.kind}`);
    if (!selectorMatches(selector, templateLabels))
      return refusal(at(selectorPath), '`selector` does not match template `labels`');
    return undefined;
  }
  // A ReplicationController's selector is a plain map; absent or empty, it defaults to the template's labels.
  if (object.kind === 'ReplicationController' && isPlainObject(written) && Object.keys(written).length > 0) {
    const matches = Object.entries(written).every(
      ([key, value]) => Object.hasOwn(templateLabels, key) && templateLabels[key] === value,
    );
    if (!matches) return refusal(at(selectorPath), '`selector` does not match template `labels`');
  }
  return undefined;
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
  const firstOrdinal = object.kind === 'StatefulSet' ? valueAt(object.value, ['spec', 'ordinals', 'start']) : undefined;
  const workload: Workload = {
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
  if (Number.isInteger(firstOrdinal) && (firstOrdinal as number) > 0) workload.firstOrdinal = firstOrdinal as number;
  if (valueAt(object.value, [...shape.template, 'spec', 'hostNetwork']) === true) workload.hostNetwork = true;
  return workload;
}

/** The pods prometheus-operator makes for a Prometheus, Alertmanager or ThanosRuler (operatorWorkloads.ts), as workloads of that kind. */
function readOperatorWorkloads(
  object: KubeObject,
  namespace: string,
  metadata: Record<string, unknown>,
  problems: IndexProblem[],
): Workload[] {
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    problems.push(problem('malformed-workload', object, object.range, `${object.kind} without metadata.name is not indexed.`));
    return [];
  }
  const labels = readLabels(object, POD_METADATA_LABELS_PATH, problems);
  const reading = operatorPods(object, name, labels, readPorts(object, POD_SPEC_PATH, problems));
  for (const { path, message } of reading.problems)
    problems.push(problem('malformed-workload', object, object.locate(path).valueRange, message));
  return reading.pods.map((pods) => ({
    ref: formatWorkloadRef(namespace, pods.name, object.kind),
    kind: object.kind,
    namespace,
    name: pods.name,
    replicas: pods.replicas,
    labels: pods.labels,
    ports: pods.ports,
    sources: [location(object, POD_METADATA_LABELS_PATH)],
    ownedPods: false,
    statefulSetName: pods.statefulSet,
  }));
}

/** The ownerReference with `controller: true`, unless it is a Node (mirror pods of static pods). */
function controllerOwner(metadata: Record<string, unknown>): { kind: string; name: string } | undefined {
  const references = metadata.ownerReferences;
  if (!Array.isArray(references)) return undefined;
  const controller: unknown = references.find((r) => isPlainObject(r) && r.controller === true);
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
  const labels = Object.create(null) as Record<string, string>;
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
  const labels = Object.create(null) as Record<string, string>;
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
  const selector = Object.create(null) as Record<string, string>;
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
