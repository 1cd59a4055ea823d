// Pods that prometheus-operator creates for its custom resources (monitoring.coreos.com/v1
// Prometheus, Alertmanager, ThanosRuler): no manifest declares them, yet NetworkPolicies select
// them (kube-prometheus's do). Each resource stands for the StatefulSet the operator makes,
// whose pods carry the labels and container ports below.
//
// Facts from prometheus-operator v0.93.0 (tag v0.93.0, commit f8fafd47):
// - StatefulSet names: `prometheus-<name>` (pkg/prometheus/common.go PrefixedName), and
//   `prometheus-<name>-shard-<n>` for shards after the first (prometheusNameByShard);
//   `alertmanager-<name>` (pkg/alertmanager/statefulset.go prefixedName);
//   `thanos-ruler-<name>` (pkg/thanos/statefulset.go prefixedName).
// - Pod labels, later ones winning:
//   Prometheus (pkg/prometheus/server/statefulset.go makeStatefulSetSpec, makeSelectorLabels in
//   pkg/prometheus/server/operator.go, BuildPodMetadata in pkg/prometheus/promcfg.go):
//   app.kubernetes.io/version, then spec.podMetadata.labels, then app.kubernetes.io/name=prometheus,
//   app.kubernetes.io/managed-by=prometheus-operator, app.kubernetes.io/instance=<name>,
//   operator.prometheus.io/name=<name>, prometheus=<name>, operator.prometheus.io/shard=<n>.
//   Alertmanager (pkg/alertmanager/statefulset.go makeStatefulSetSpec, makeSelectorLabels in
//   pkg/alertmanager/operator.go): app.kubernetes.io/version, then spec.podMetadata.labels, then
//   app.kubernetes.io/name=alertmanager, managed-by, instance=<name>, alertmanager=<name>.
//   ThanosRuler (pkg/thanos/statefulset.go makeStatefulSetSpec, makeSelectorLabels in
//   pkg/thanos/operator.go): spec.podMetadata.labels, then app.kubernetes.io/name=thanos-ruler,
//   managed-by, instance=<name>, thanos-ruler=<name>, then app.kubernetes.io/version.
//   The version label is the resource's spec.version as blang/semver ParseTolerant reads it;
//   without spec.version it is the operator build's default version, unknown here: no label.
//   Labels given to the operator itself (its --labels flag) cannot be known from manifests.
// - Replicas: Prometheus spec.replicas per shard, absent 1, negative 1 (common.go
//   ReplicasNumberPtr); spec.shards below 2 is one shard (shardsNumber). Alertmanager: absent 1,
//   negative 0 (statefulset.go makeStatefulSet). ThanosRuler: passed to the StatefulSet as it is,
//   where absent means 1 and a negative count is refused by the API server (no pods: 0). A
//   ThanosRuler with neither spec.queryEndpoints nor spec.queryConfig gets no StatefulSet.
// - Container ports (TCP unless said): Prometheus `prometheus` <spec.portName, default web> 9090
//   unless spec.listenLocal (common.go MakeContainerPorts); `thanos-sidecar` http 10902 and grpc
//   10901 when spec.thanos is set (createThanosContainer). Alertmanager `alertmanager`
//   <portName> 9093 unless listenLocal, mesh-tcp 9094 and mesh-udp 9094/UDP. ThanosRuler
//   `thanos-ruler` grpc 10901, <portName> 10902 unless listenLocal. Each has a `config-reloader`
//   with reloader-web 8080 (pkg/operator/config_reloader.go CreateConfigReloader), unless it
//   listens locally: Prometheus with listenLocal and the HTTP reload strategy, the others with
//   listenLocal. (ThanosRuler adds it when it has rule files, which a ruler always has in use.)
//   spec.containers and spec.initContainers are merged into the operator's containers by name
//   (k8s.MergePatchContainers, a strategic merge: ports by containerPort).
import type { KubeObject } from './manifests';
import type { Protocol } from './ports';
import type { Labels } from './selectors';
import type { JsonPath } from './types';
import { isPlainObject } from './values';
import type { WorkloadPort } from './workloads';

const OPERATOR_API_VERSION = 'monitoring.coreos.com/v1';
const OPERATOR_KINDS = ['Prometheus', 'Alertmanager', 'ThanosRuler'] as const;
type OperatorKind = (typeof OPERATOR_KINDS)[number];

/** More shards than this are not indexed one by one: a typo of `shards: 2000000` must not make millions of workloads. */
export const MAX_INDEXED_SHARDS = 64;

/** The pods of one StatefulSet the operator makes for a resource. */
export interface OperatorPods {
  /** The workload's name: the resource's, or `<name>-shard-<n>` for a Prometheus shard after the first. */
  name: string;
  /** The StatefulSet the operator creates; its pods are named `<statefulSet>-<ordinal>`. */
  statefulSet: string;
  replicas: number;
  labels: Labels;
  ports: WorkloadPort[];
}

export interface OperatorReading {
  pods: OperatorPods[];
  /** Values the operator cannot use as written, with where they are. */
  problems: Array<{ path: JsonPath; message: string }>;
}

/** Whether prometheus-operator makes pods for this object (a Prometheus, Alertmanager or ThanosRuler). */
export function isOperatorResource(object: KubeObject): boolean {
  return object.apiVersion === OPERATOR_API_VERSION && (OPERATOR_KINDS as readonly string[]).includes(object.kind);
}

/** Where a resource's pod labels are written. */
export const POD_METADATA_LABELS_PATH: JsonPath = ['spec', 'podMetadata', 'labels'];
/** Where the containers merged into the operator's are: `spec.containers` and `spec.initContainers`. */
export const POD_SPEC_PATH: JsonPath = ['spec'];

/**
 * The pods an operator resource stands for.
 * @param name the resource's metadata.name
 * @param podMetadataLabels spec.podMetadata.labels, string values only
 * @param ownPorts the ports of spec.containers and of sidecars in spec.initContainers
 */
export function operatorPods(
  object: KubeObject,
  name: string,
  podMetadataLabels: Labels,
  ownPorts: readonly WorkloadPort[],
): OperatorReading {
  const kind = object.kind as OperatorKind;
  const spec = isPlainObject(object.value.spec) ? object.value.spec : {};
  const problems: OperatorReading['problems'] = [];
  const count = (field: string, absent: number, negative: number): number => {
    const value = spec[field];
    if (value === undefined || value === null) return absent;
    if (Number.isInteger(value)) return (value as number) < 0 ? negative : (value as number);
    problems.push({ path: ['spec', field], message: `spec.${field} must be an integer; taken as ${absent}.` });
    return absent;
  };
  const version = typeof spec.version === 'string' ? tolerantSemver(spec.version) : undefined;
  const ports = mergeContainerPorts(operatorPorts(kind, spec), ownPorts);
  const labelsFor = (shard?: number): Labels => {
    const labels = Object.create(null) as Record<string, string>;
    if (version !== undefined && kind !== 'ThanosRuler') labels[VERSION_LABEL] = version;
    Object.assign(labels, podMetadataLabels, selectorLabels(kind, name));
    if (shard !== undefined) labels['operator.prometheus.io/shard'] = String(shard);
    if (version !== undefined && kind === 'ThanosRuler') labels[VERSION_LABEL] = version;
    return labels;
  };

  switch (kind) {
    case 'Prometheus': {
      const replicas = count('replicas', 1, 1);
      let shards = Math.max(count('shards', 1, 1), 1);
      if (shards > MAX_INDEXED_SHARDS) {
        problems.push({
          path: ['spec', 'shards'],
          message: `spec.shards is ${shards}: only the first ${MAX_INDEXED_SHARDS} shards are indexed.`,
        });
        shards = MAX_INDEXED_SHARDS;
      }
      const pods = Array.from({ length: shards }, (_, shard) => ({
        name: shard === 0 ? name : `${name}-shard-${shard}`,
        statefulSet: shard === 0 ? `prometheus-${name}` : `prometheus-${name}-shard-${shard}`,
        replicas,
        labels: labelsFor(shard),
        ports,
      }));
      return { pods, problems };
    }
    case 'Alertmanager':
      return {
        pods: [{ name, statefulSet: `alertmanager-${name}`, replicas: count('replicas', 1, 0), labels: labelsFor(), ports }],
        problems,
      };
    case 'ThanosRuler':
      // makeStatefulSetSpec refuses a ruler with nothing to query: no StatefulSet, no pods.
      if (!isPlainObject(spec.queryConfig) && !(Array.isArray(spec.queryEndpoints) && spec.queryEndpoints.length > 0)) {
        problems.push({
          path: ['spec'],
          message: 'ThanosRuler without spec.queryEndpoints or spec.queryConfig: the operator makes no pods for it.',
        });
        return { pods: [], problems };
      }
      return {
        pods: [{ name, statefulSet: `thanos-ruler-${name}`, replicas: count('replicas', 1, 0), labels: labelsFor(), ports }],
        problems,
      };
  }
}

const VERSION_LABEL = 'app.kubernetes.io/version';
const MANAGED_BY: Labels = { 'app.kubernetes.io/managed-by': 'prometheus-operator' };

function selectorLabels(kind: OperatorKind, name: string): Labels {
  const instance = { 'app.kubernetes.io/instance': name };
  switch (kind) {
    case 'Prometheus':
      return {
        ...MANAGED_BY,
        'app.kubernetes.io/name': 'prometheus',
        ...instance,
        'operator.prometheus.io/name': name,
        prometheus: name,
      };
    case 'Alertmanager':
      return { 'app.kubernetes.io/name': 'alertmanager', ...MANAGED_BY, ...instance, alertmanager: name };
    case 'ThanosRuler':
      return { 'app.kubernetes.io/name': 'thanos-ruler', ...MANAGED_BY, ...instance, 'thanos-ruler': name };
  }
}

function operatorPorts(kind: OperatorKind, spec: Record<string, unknown>): WorkloadPort[] {
  const listenLocal = spec.listenLocal === true;
  const portName = typeof spec.portName === 'string' && spec.portName !== '' ? spec.portName : 'web';
  const port = (container: string, name: string, containerPort: number, protocol: Protocol = 'TCP'): WorkloadPort => ({
    containerPort,
    protocol,
    container,
    sidecar: false,
    name,
  });
  const reloader = port('config-reloader', 'reloader-web', 8080);
  switch (kind) {
    case 'Prometheus': {
      const signalReload = spec.reloadStrategy === 'ProcessSignal';
      return [
        ...(listenLocal ? [] : [port('prometheus', portName, 9090)]),
        ...(listenLocal && !signalReload ? [] : [reloader]),
        ...(isPlainObject(spec.thanos) ? [port('thanos-sidecar', 'http', 10902), port('thanos-sidecar', 'grpc', 10901)] : []),
      ];
    }
    case 'Alertmanager':
      return [
        ...(listenLocal ? [] : [port('alertmanager', portName, 9093)]),
        port('alertmanager', 'mesh-tcp', 9094),
        port('alertmanager', 'mesh-udp', 9094, 'UDP'),
        ...(listenLocal ? [] : [reloader]),
      ];
    case 'ThanosRuler':
      return [
        port('thanos-ruler', 'grpc', 10901),
        ...(listenLocal ? [] : [port('thanos-ruler', portName, 10902)]),
        ...(listenLocal ? [] : [reloader]),
      ];
  }
}

/**
 * The operator's container ports with the resource's own containers merged in, as a strategic
 * merge patch does: a port of a container of the same name with the same containerPort replaces
 * the operator's (its name kept when the patch gives none); other ports are added.
 */
export function mergeContainerPorts(operator: readonly WorkloadPort[], own: readonly WorkloadPort[]): WorkloadPort[] {
  const merged = [...operator];
  for (const port of own) {
    const index = merged.findIndex((p) => p.container === port.container && p.containerPort === port.containerPort);
    if (index < 0) {
      merged.push(port);
      continue;
    }
    const entry: WorkloadPort = { ...port };
    if (entry.name === undefined && merged[index].name !== undefined) entry.name = merged[index].name;
    merged[index] = entry;
  }
  return merged;
}

/**
 * A version as blang/semver's ParseTolerant reads it, printed as Version.String() prints it
 * (`v3.1` -> `3.1.0`); undefined when it does not parse (the operator then makes no pods, and
 * the label is left out).
 */
export function tolerantSemver(text: string): string | undefined {
  let parts = text.trim().replace(/^v/, '').split('.');
  if (parts.length > 3) parts = [parts[0], parts[1], parts.slice(2).join('.')];
  parts = parts.map((part) => {
    if (part.length <= 1) return part;
    const trimmed = part.replace(/^0+/, '');
    return trimmed === '' || !/^[0-9]/.test(trimmed) ? `0${trimmed}` : trimmed;
  });
  if (parts.length < 3) {
    if (/[+-]/.test(parts[parts.length - 1])) return undefined;
    while (parts.length < 3) parts.push('0');
  }
  const version = parts.join('.');
  const identifiers = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
  const semver = new RegExp(
    `^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:-(${identifiers}))?(?:\\+(${identifiers}))?$`,
  );
  const match = semver.exec(version);
  if (!match) return undefined;
  // A numeric pre-release identifier with a leading zero is refused by Parse.
  if (match[4]?.split('.').some((id) => /^0[0-9]+$/.test(id))) return undefined;
  return version;
}
