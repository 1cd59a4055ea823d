// Policies of other kinds than networking.k8s.io NetworkPolicy, which a cluster may
// enforce too: Cilium, Calico, AdminNetworkPolicy and friends, Istio
// AuthorizationPolicy. This analysis does not model their rules; it finds which
// workloads each one selects, so every verdict about such a workload can say that
// the cluster may decide differently, instead of answering with confidence.
//
// What each kind selects, from its own documentation:
// - CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy (cilium.io/v2, "Policy
//   language"): `endpointSelector` is a label selector over the endpoint's labels:
//   the pod labels, `io.kubernetes.pod.namespace` and `io.cilium.k8s.namespace.labels.<key>`;
//   keys may carry a source prefix (`k8s:`, `any:`). A CNP selects only in its own
//   namespace, a CCNP everywhere. `nodeSelector` selects nodes (host policies), not
//   pods. `specs:` is a list of rules, each with its own selector.
// - Calico NetworkPolicy / GlobalNetworkPolicy (projectcalico.org/v3, and
//   crd.projectcalico.org/v1 which stores the same data): `selector` in Calico's
//   selector language (calicoSelector.ts) over the pod labels plus
//   `projectcalico.org/namespace`, `projectcalico.org/orchestrator` and, for namespace
//   labels, `pcns.<key>`; a NetworkPolicy selects in its namespace, a
//   GlobalNetworkPolicy in every namespace, or in those its `namespaceSelector`
//   selects (namespace labels and `projectcalico.org/name`). `types` defaults to
//   Ingress, Egress when only egress rules exist, both when both exist.
// - AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1)
//   and ClusterNetworkPolicy (v1alpha2): `spec.subject` is `namespaces` (every pod
//   of the selected namespaces) or `pods: {namespaceSelector, podSelector}`.
// - Istio AuthorizationPolicy (security.istio.io/v1, v1beta1): `selector.matchLabels`
//   in the policy's namespace, every workload of it when absent; in the root
//   namespace (istio-system) it applies mesh-wide. It controls requests to the workload.
// A selector that cannot be read, or that reads labels a manifest does not show
// (service accounts, clusters), is "not understood": the policy may then govern any
// workload of its scope, and answers say so rather than claim it selects nothing.
import { calicoSelectorKeys, calicoSelectorMatches, parseCalicoSelector, type CalicoSelector } from './calicoSelector';
import type { KubeObject } from './manifests';
import {
  describeSelector,
  isValidSelector,
  parseLabelSelector,
  selectorMatches,
  type LabelSelector,
  type Labels,
} from './selectors';
import type { JsonPath, Range } from './types';
import { isPlainObject, valueAt } from './values';

export type ForeignDirection = 'ingress' | 'egress';

/** What a workload looks like to a foreign policy's selector. */
export interface EndpointFacts {
  labels: Labels;
  namespace: string;
  namespaceLabels: Labels;
}

/** One selector of a foreign policy: the pods it picks. */
interface PodMatcher {
  /** In words, for hovers: `endpointSelector org=empire, class=deathstar`. */
  text: string;
  matches(endpoint: EndpointFacts): boolean;
}

export interface ForeignPolicy {
  object: KubeObject;
  /** The object's kind, as written. */
  kind: string;
  apiVersion: string;
  /** How messages name the kind: `CiliumNetworkPolicy`, `Calico NetworkPolicy`, `Istio AuthorizationPolicy`. */
  kindLabel: string;
  name: string;
  /** The namespace it selects in; undefined for cluster-wide kinds (and mesh-wide Istio policies). */
  namespace?: string;
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  ref: string;
  /** The directions it may govern for the pods it selects. */
  directions: readonly ForeignDirection[];
  /** Pods its selectors pick (ORed); a workload matching any is governed. */
  matchers: readonly PodMatcher[];
  /** Why some selector could not be resolved: it may then select any workload of its scope. */
  notUnderstood: readonly string[];
  /** Selectors of nodes (host policies): they govern no pod. */
  nodeSelectors: readonly string[];
  /** Said wherever the policy is described (Istio root namespace: mesh-wide). */
  note?: string;
  /** An Istio policy of the root namespace: it applies to every namespace. */
  meshWide?: boolean;
  /** metadata.name, or the object's start. */
  readonly nameRange: Range;
}

/** A workload as selectors see it. */
export interface Selectable {
  namespace: string;
  labels: Labels;
}

/** A foreign policy as verdicts name it, for one workload it governs. */
export interface NotModelledPolicy {
  kind: string;
  apiVersion: string;
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  policy: string;
  /** `CiliumNetworkPolicy default/rule1`. */
  title: string;
  directions: ForeignDirection[];
  /** False when its selector is not understood: it may select the workload, or not. */
  certain: boolean;
  location: { uri: string; range: Range };
}

const ISTIO_ROOT_NAMESPACE = 'istio-system';

interface KindReader {
  kind: string;
  groups: RegExp;
  label: string;
  namespaced: boolean;
  read(
    object: KubeObject,
    namespace: string | undefined,
  ): Pick<ForeignPolicy, 'directions' | 'matchers' | 'notUnderstood' | 'nodeSelectors' | 'note' | 'meshWide'> & {
    namespace?: string;
  };
}

const CILIUM = /^cilium\.io\/v2(alpha1)?$/;
const CALICO = /^(projectcalico\.org\/v3|crd\.projectcalico\.org\/v1)$/;

const READERS: readonly KindReader[] = [
  { kind: 'CiliumNetworkPolicy', groups: CILIUM, label: 'CiliumNetworkPolicy', namespaced: true, read: readCilium },
  {
    kind: 'CiliumClusterwideNetworkPolicy',
    groups: CILIUM,
    label: 'CiliumClusterwideNetworkPolicy',
    namespaced: false,
    read: readCilium,
  },
  { kind: 'NetworkPolicy', groups: CALICO, label: 'Calico NetworkPolicy', namespaced: true, read: readCalico },
  { kind: 'GlobalNetworkPolicy', groups: CALICO, label: 'Calico GlobalNetworkPolicy', namespaced: false, read: readCalico },
  {
    kind: 'AdminNetworkPolicy',
    groups: /^policy\.networking\.k8s\.io\/v1alpha1$/,
    label: 'AdminNetworkPolicy',
    namespaced: false,
    read: readAdmin,
  },
  {
    kind: 'BaselineAdminNetworkPolicy',
    groups: /^policy\.networking\.k8s\.io\/v1alpha1$/,
    label: 'BaselineAdminNetworkPolicy',
    namespaced: false,
    read: readAdmin,
  },
  {
    kind: 'ClusterNetworkPolicy',
    groups: /^policy\.networking\.k8s\.io\/v1alpha2$/,
    label: 'ClusterNetworkPolicy',
    namespaced: false,
    read: readAdmin,
  },
  {
    kind: 'AuthorizationPolicy',
    groups: /^security\.istio\.io\/(v1|v1beta1)$/,
    label: 'Istio AuthorizationPolicy',
    namespaced: true,
    read: readIstio,
  },
];

const readerOf = (object: KubeObject): KindReader | undefined =>
  READERS.find((reader) => reader.kind === object.kind && reader.groups.test(object.apiVersion));

/**
 * Reads a foreign policy object; undefined when it is not one, or has no name (the API server refuses it).
 * @param namespace its effective namespace, for namespaced kinds.
 */
export function readForeignPolicy(object: KubeObject, namespace: string): ForeignPolicy | undefined {
  const reader = readerOf(object);
  if (!reader) return undefined;
  const name = valueAt(object.value, ['metadata', 'name']);
  if (typeof name !== 'string' || name === '') return undefined;
  const read = reader.read(object, reader.namespaced ? namespace : undefined);
  const selectsIn = 'namespace' in read ? read.namespace : reader.namespaced ? namespace : undefined;
  return {
    object,
    kind: object.kind,
    apiVersion: object.apiVersion,
    kindLabel: reader.label,
    name,
    ...(selectsIn !== undefined ? { namespace: selectsIn } : {}),
    ref: reader.namespaced ? `${namespace}/${name}` : name,
    directions: read.directions,
    matchers: read.matchers,
    notUnderstood: read.notUnderstood,
    nodeSelectors: read.nodeSelectors,
    ...(read.note ? { note: read.note } : {}),
    ...(read.meshWide ? { meshWide: true } : {}),
    get nameRange(): Range {
      const location = object.locate(['metadata', 'name']);
      return location.exact ? location.valueRange : { start: object.range.start, end: object.range.start };
    },
  };
}

/** The workloads a foreign policy selects, among candidates (those of its namespace, or all). */
export function selectForeign<T extends Selectable>(
  policy: ForeignPolicy,
  candidates: readonly T[],
  namespaceLabels: (namespace: string) => Labels,
): T[] {
  return candidates.filter((w) => {
    if (policy.namespace !== undefined && w.namespace !== policy.namespace) return false;
    const facts: EndpointFacts = { labels: w.labels, namespace: w.namespace, namespaceLabels: namespaceLabels(w.namespace) };
    return policy.matchers.some((m) => m.matches(facts));
  });
}

/** The foreign policy as a verdict about one workload names it. */
export function notModelledEntry(policy: ForeignPolicy, certain: boolean): NotModelledPolicy {
  return {
    kind: policy.kind,
    apiVersion: policy.apiVersion,
    policy: policy.ref,
    title: `${policy.kindLabel} ${policy.ref}${policy.meshWide ? ' (mesh-wide)' : ''}`,
    directions: [...policy.directions],
    certain,
    location: { uri: policy.object.uri, range: policy.nameRange },
  };
}

/**
 * One sentence for a verdict: "also governed by CiliumNetworkPolicy default/rule1, which
 * this analysis does not model: the cluster may decide differently".
 */
export function notModelledSentence(entries: readonly NotModelledPolicy[]): string {
  // Copies of one policy in two files (variant folders) are one name in a sentence; listings keep each location.
  const certain = [...new Set(entries.filter((e) => e.certain).map((e) => e.title))];
  const possible = [...new Set(entries.filter((e) => !e.certain).map((e) => e.title))].filter(
    (title) => !certain.includes(title),
  );
  const parts: string[] = [];
  if (certain.length > 0) parts.push(`also governed by ${joinAnd(certain)}`);
  if (possible.length > 0)
    parts.push(`${certain.length > 0 ? 'and maybe' : 'maybe also governed'} by ${joinAnd(possible)} (selector not understood)`);
  return `${parts.join(' ')}, which this analysis does not model: the cluster may decide differently`;
}

const joinAnd = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

// ---- Cilium -------------------------------------------------------------------

const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

function readCilium(object: KubeObject): ReturnType<KindReader['read']> {
  const rules: Array<{ value: Record<string, unknown>; path: JsonPath }> = [];
  const spec = object.value.spec;
  if (isPlainObject(spec)) rules.push({ value: spec, path: ['spec'] });
  const specs = object.value.specs;
  if (Array.isArray(specs))
    specs.forEach((rule, index) => {
      if (isPlainObject(rule)) rules.push({ value: rule, path: ['specs', index] });
    });
  const matchers: PodMatcher[] = [];
  const notUnderstood: string[] = [];
  const nodeSelectors: string[] = [];
  const directions = new Set<ForeignDirection>();
  if (rules.length === 0) notUnderstood.push('it has neither spec nor specs');
  for (const { value, path } of rules) {
    if (value.ingress != null || value.ingressDeny != null) directions.add('ingress');
    if (value.egress != null || value.egressDeny != null) directions.add('egress');
    const where = path.join('.');
    if (value.nodeSelector != null) {
      const selector = parseLabelSelector(value.nodeSelector);
      nodeSelectors.push(
        `${where}.nodeSelector ${selector && isValidSelector(selector) ? describeSelector(selector) : '<invalid>'}`,
      );
      continue;
    }
    if (value.endpointSelector == null) {
      notUnderstood.push(`${where} has neither endpointSelector nor nodeSelector`);
      continue;
    }
    const selector = parseLabelSelector(value.endpointSelector, { object, path: [...path, 'endpointSelector'] });
    if (!selector || !isValidSelector(selector)) {
      notUnderstood.push(`${where}.endpointSelector is not a valid label selector`);
      continue;
    }
    const normalized = withKeys(selector, (key) => key.replace(/^(k8s|any):/, ''));
    const unknown = selectorKeys(normalized).find((key) => key.startsWith('io.cilium.k8s.policy.'));
    if (unknown) {
      notUnderstood.push(`${where}.endpointSelector reads ${unknown}, which manifests do not show`);
      continue;
    }
    matchers.push({
      text: `endpointSelector ${describeSelector(selector)}`,
      matches: (endpoint) => selectorMatches(normalized, ciliumLabels(endpoint)),
    });
  }
  return {
    directions: directions.size > 0 ? [...directions].sort() : ['egress', 'ingress'],
    matchers,
    notUnderstood,
    nodeSelectors,
  };
}

function ciliumLabels(endpoint: EndpointFacts): Labels {
  const labels = Object.create(null) as Record<string, string>;
  Object.assign(labels, endpoint.labels);
  labels[CILIUM_NAMESPACE_LABEL] = endpoint.namespace;
  for (const [key, value] of Object.entries(endpoint.namespaceLabels)) labels[CILIUM_NAMESPACE_LABELS_PREFIX + key] = value;
  return labels;
}

function withKeys(selector: LabelSelector, rename: (key: string) => string): LabelSelector {
  return {
    ...selector,
    matchLabels: selector.matchLabels.map((m) => ({ ...m, key: rename(m.key) })),
    matchExpressions: selector.matchExpressions.map((e) => ({ ...e, key: rename(e.key) })),
  };
}

const selectorKeys = (selector: LabelSelector): string[] => [
  ...selector.matchLabels.map((m) => m.key),
  ...selector.matchExpressions.map((e) => e.key),
];

// ---- Calico -------------------------------------------------------------------

function readCalico(object: KubeObject, namespace: string | undefined): ReturnType<KindReader['read']> {
  const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
  const notUnderstood: string[] = [];
  const matchers: PodMatcher[] = [];
  const selector = calicoSelector(spec.selector, 'spec.selector', notUnderstood);
  const namespaceSelector =
    namespace === undefined && spec.namespaceSelector != null
      ? calicoSelector(spec.namespaceSelector, 'spec.namespaceSelector', notUnderstood)
      : { kind: 'all' as const };
  if (spec.serviceAccountSelector != null && spec.serviceAccountSelector !== '')
    notUnderstood.push('spec.serviceAccountSelector selects by service account, which this analysis does not read');
  if (selector && namespaceSelector) {
    const written = (value: unknown): string => (typeof value === 'string' && value.trim() !== '' ? value.trim() : 'all()');
    const inNamespaces = namespace === undefined ? ` in namespaces ${written(spec.namespaceSelector)}` : '';
    matchers.push({
      text: `selector ${written(spec.selector)}${inNamespaces}`,
      matches: (endpoint) =>
        calicoSelectorMatches(selector, calicoPodLabels(endpoint)) &&
        calicoSelectorMatches(namespaceSelector, calicoNamespaceLabels(endpoint)),
    });
  }
  return { directions: calicoTypes(spec), matchers, notUnderstood, nodeSelectors: [] };
}

/** Keys Calico sets from what a manifest does not show (service accounts). */
const UNKNOWN_CALICO_KEY = /^(pcsa\.|projectcalico\.org\/serviceaccount$)/;

function calicoSelector(value: unknown, field: string, notUnderstood: string[]): CalicoSelector | undefined {
  if (value === undefined || value === null) return { kind: 'all' };
  if (typeof value !== 'string') {
    notUnderstood.push(`${field} is not a string`);
    return undefined;
  }
  const parsed = parseCalicoSelector(value);
  if ('error' in parsed) {
    notUnderstood.push(`${field} "${value}" is not understood: ${parsed.error.message} at character ${parsed.error.offset + 1}`);
    return undefined;
  }
  const unknown = calicoSelectorKeys(parsed.selector).find((key) => UNKNOWN_CALICO_KEY.test(key));
  if (unknown) {
    notUnderstood.push(`${field} reads ${unknown}, which manifests do not show`);
    return undefined;
  }
  return parsed.selector;
}

function calicoPodLabels(endpoint: EndpointFacts): Labels {
  const labels = Object.create(null) as Record<string, string>;
  Object.assign(labels, endpoint.labels);
  labels['projectcalico.org/namespace'] = endpoint.namespace;
  labels['projectcalico.org/orchestrator'] = 'k8s';
  for (const [key, value] of Object.entries(endpoint.namespaceLabels)) labels[`pcns.${key}`] = value;
  return labels;
}

function calicoNamespaceLabels(endpoint: EndpointFacts): Labels {
  const labels = Object.create(null) as Record<string, string>;
  Object.assign(labels, endpoint.namespaceLabels);
  labels['projectcalico.org/name'] = endpoint.namespace;
  return labels;
}

function calicoTypes(spec: Record<string, unknown>): ForeignDirection[] {
  if (Array.isArray(spec.types) && spec.types.length > 0) {
    const types = spec.types.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
    const directions = (['egress', 'ingress'] as const).filter((d) => types.includes(d));
    if (directions.length > 0) return directions;
  }
  const ingress = Array.isArray(spec.ingress) && spec.ingress.length > 0;
  const egress = Array.isArray(spec.egress) && spec.egress.length > 0;
  if (egress && ingress) return ['egress', 'ingress'];
  return egress ? ['egress'] : ['ingress'];
}

// ---- AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy -----

function readAdmin(object: KubeObject): ReturnType<KindReader['read']> {
  const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
  const directions = (['egress', 'ingress'] as const).filter((d) => spec[d] != null);
  const notUnderstood: string[] = [];
  const matchers: PodMatcher[] = [];
  const subject = spec.subject;
  const selectorAt = (path: JsonPath): LabelSelector | undefined => {
    const selector = parseLabelSelector(valueAt(object.value, path), { object, path });
    if (selector && isValidSelector(selector)) return selector;
    notUnderstood.push(`${path.join('.')} is ${selector ? 'not a valid label selector' : 'missing'}`);
    return undefined;
  };
  if (isPlainObject(subject) && subject.namespaces != null) {
    const namespaces = selectorAt(['spec', 'subject', 'namespaces']);
    if (namespaces)
      matchers.push({
        text: `every pod of namespaces ${describeSelector(namespaces)}`,
        matches: (endpoint) => selectorMatches(namespaces, endpoint.namespaceLabels),
      });
  } else if (isPlainObject(subject) && isPlainObject(subject.pods)) {
    const namespaces = selectorAt(['spec', 'subject', 'pods', 'namespaceSelector']);
    const pods = selectorAt(['spec', 'subject', 'pods', 'podSelector']);
    if (namespaces && pods)
      matchers.push({
        text: `pods ${describeSelector(pods)} in namespaces ${describeSelector(namespaces)}`,
        matches: (endpoint) => selectorMatches(namespaces, endpoint.namespaceLabels) && selectorMatches(pods, endpoint.labels),
      });
  } else {
    notUnderstood.push('spec.subject has neither namespaces nor pods');
  }
  return { directions: directions.length > 0 ? directions : ['egress', 'ingress'], matchers, notUnderstood, nodeSelectors: [] };
}

// ---- Istio AuthorizationPolicy ------------------------------------------------

function readIstio(object: KubeObject, namespace: string | undefined): ReturnType<KindReader['read']> {
  const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
  const notUnderstood: string[] = [];
  const matchers: PodMatcher[] = [];
  const meshWide = namespace === ISTIO_ROOT_NAMESPACE;
  if (spec.targetRef != null || spec.targetRefs != null) {
    notUnderstood.push('it selects by targetRef(s) (gateways, services), which this analysis does not resolve');
  } else if (spec.selector == null) {
    matchers.push({ text: meshWide ? 'every workload of the mesh' : 'every workload of its namespace', matches: () => true });
  } else {
    const selector = parseLabelSelector(spec.selector, { object, path: ['spec', 'selector'] });
    if (selector && isValidSelector(selector))
      matchers.push({
        text: `selector ${describeSelector(selector)}`,
        matches: (endpoint) => selectorMatches(selector, endpoint.labels),
      });
    else notUnderstood.push('spec.selector is not a valid label selector');
  }
  return {
    directions: ['ingress'],
    matchers,
    notUnderstood,
    nodeSelectors: [],
    ...(meshWide
      ? {
          namespace: undefined,
          meshWide: true,
          note: `In the root namespace ${ISTIO_ROOT_NAMESPACE} it applies mesh-wide: to matching workloads of every namespace.`,
        }
      : {}),
  };
}
