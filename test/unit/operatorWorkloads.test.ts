// Pods prometheus-operator makes for Prometheus, Alertmanager and ThanosRuler resources.
// Every expectation comes from prometheus-operator v0.93.0 (tag v0.93.0): the file named in
// each test, as summarised in server/src/engine/operatorWorkloads.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../server/src/engine/manifests';
import { explicitNamespace, extractContributions } from '../../server/src/engine/contributions';
import { MAX_INDEXED_SHARDS, tolerantSemver } from '../../server/src/engine/operatorWorkloads';
import { checkPolicyAgainstWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import type { FileContributions, Workload } from '../../server/src/engine/workloads';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, operatorResource, policy } from '../builders';
import { manifest, summarize, textAt, yaml } from '../helpers';

const orDefault = (object: KubeObject): string => explicitNamespace(object) ?? 'default';
const extract = (text: string): FileContributions => extractContributions(manifest(text).objects, orDefault);

/** `name/protocol containerPort (container)`, compact to assert on. */
const portsOf = (w: Workload): string[] =>
  w.ports.map((p) => `${p.name ?? '-'}/${p.protocol} ${p.containerPort} (${p.container})`);

// kube-prometheus's manifests/prometheus-prometheus.yaml, trimmed.
const KUBE_PROMETHEUS_PROMETHEUS = operatorResource(
  'Prometheus',
  'monitoring/k8s',
  yaml`
    podMetadata:
      labels:
        app.kubernetes.io/component: prometheus
        app.kubernetes.io/instance: k8s
        app.kubernetes.io/name: prometheus
        app.kubernetes.io/part-of: kube-prometheus
        app.kubernetes.io/version: 3.13.2
    replicas: 2
    version: 3.13.2
  `,
);

describe('operator-made pods: Prometheus', () => {
  it('is a workload of kind Prometheus for the StatefulSet prometheus-<name> (pkg/prometheus/common.go PrefixedName)', () => {
    const c = extract(KUBE_PROMETHEUS_PROMETHEUS);
    assert.deepEqual(
      c.workloads.map((w) => [w.ref, w.kind, w.name, w.statefulSetName, w.replicas]),
      [['monitoring/k8s[Prometheus]', 'Prometheus', 'k8s', 'prometheus-k8s', 2]],
    );
    assert.deepEqual(c.problems, []);
  });

  it('carries spec.podMetadata.labels and the selector labels the operator sets (pkg/prometheus/server/operator.go makeSelectorLabels)', () => {
    const [k8s] = extract(KUBE_PROMETHEUS_PROMETHEUS).workloads;
    assert.deepEqual(
      { ...k8s.labels },
      {
        'app.kubernetes.io/component': 'prometheus',
        'app.kubernetes.io/instance': 'k8s',
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/name': 'prometheus',
        'app.kubernetes.io/part-of': 'kube-prometheus',
        'app.kubernetes.io/version': '3.13.2',
        'operator.prometheus.io/name': 'k8s',
        'operator.prometheus.io/shard': '0',
        prometheus: 'k8s',
      },
    );
  });

  it('the operator labels win over spec.podMetadata.labels, which win over the version label (server/statefulset.go makeStatefulSetSpec)', () => {
    const [w] = extract(
      operatorResource(
        'Prometheus',
        'ns/main',
        yaml`
          version: v2.45
          podMetadata: {labels: {prometheus: other, app.kubernetes.io/instance: other, app.kubernetes.io/version: mine, team: a}}
        `,
      ),
    ).workloads;
    assert.equal(w.labels.prometheus, 'main');
    assert.equal(w.labels['app.kubernetes.io/instance'], 'main');
    assert.equal(w.labels['app.kubernetes.io/version'], 'mine');
    assert.equal(w.labels.team, 'a');
  });

  it('app.kubernetes.io/version is spec.version as blang/semver ParseTolerant prints it, and absent without spec.version (operator default unknown)', () => {
    const labelOf = (spec: string) =>
      extract(operatorResource('Prometheus', 'ns/p', spec)).workloads[0].labels['app.kubernetes.io/version'];
    assert.equal(labelOf('version: v2.45'), '2.45.0');
    assert.equal(labelOf('version: "3.1.0"'), '3.1.0');
    assert.equal(labelOf('replicas: 1'), undefined);
  });

  it('exposes web 9090 and the config-reloader 8080; with spec.thanos the sidecar http 10902 and grpc 10901 (common.go MakeContainerPorts, createThanosContainer)', () => {
    assert.deepEqual(portsOf(extract(KUBE_PROMETHEUS_PROMETHEUS).workloads[0]), [
      'web/TCP 9090 (prometheus)',
      'reloader-web/TCP 8080 (config-reloader)',
    ]);
    const withThanos = extract(operatorResource('Prometheus', 'ns/p', 'portName: http-web\nthanos: {}')).workloads[0];
    assert.deepEqual(portsOf(withThanos), [
      'http-web/TCP 9090 (prometheus)',
      'reloader-web/TCP 8080 (config-reloader)',
      'http/TCP 10902 (thanos-sidecar)',
      'grpc/TCP 10901 (thanos-sidecar)',
    ]);
  });

  it('spec.listenLocal leaves no web port, and no reloader port unless the reload strategy is ProcessSignal (config_reloader.go CreateConfigReloader)', () => {
    assert.deepEqual(portsOf(extract(operatorResource('Prometheus', 'ns/p', 'listenLocal: true')).workloads[0]), []);
    assert.deepEqual(
      portsOf(extract(operatorResource('Prometheus', 'ns/p', 'listenLocal: true\nreloadStrategy: ProcessSignal')).workloads[0]),
      ['reloader-web/TCP 8080 (config-reloader)'],
    );
  });

  it('spec.containers are merged into the operator containers by name, ports by containerPort (k8s.MergePatchContainers)', () => {
    const [w] = extract(
      operatorResource(
        'Prometheus',
        'ns/p',
        yaml`
          containers:
          - name: prometheus
            ports: [{containerPort: 9090, name: api}]
          - name: oauth-proxy
            ports: [{containerPort: 9091, name: proxy}]
        `,
      ),
    ).workloads;
    assert.deepEqual(portsOf(w), [
      'api/TCP 9090 (prometheus)',
      'reloader-web/TCP 8080 (config-reloader)',
      'proxy/TCP 9091 (oauth-proxy)',
    ]);
  });

  it('spec.replicas: absent 1, negative 1 (common.go ReplicasNumberPtr); 0 stays 0', () => {
    const replicasOf = (spec: string) => extract(operatorResource('Prometheus', 'ns/p', spec)).workloads[0].replicas;
    assert.equal(replicasOf(''), 1);
    assert.equal(replicasOf('replicas: -3'), 1);
    assert.equal(replicasOf('replicas: 0'), 0);
  });

  it('spec.shards makes one StatefulSet per shard, prometheus-<name>-shard-<n> after the first, each with its shard label (common.go prometheusNameByShard)', () => {
    const c = extract(operatorResource('Prometheus', 'ns/p', 'shards: 3\nreplicas: 2'));
    assert.deepEqual(
      c.workloads.map((w) => [w.ref, w.statefulSetName, w.replicas, w.labels['operator.prometheus.io/shard']]),
      [
        ['ns/p[Prometheus]', 'prometheus-p', 2, '0'],
        ['ns/p-shard-1[Prometheus]', 'prometheus-p-shard-1', 2, '1'],
        ['ns/p-shard-2[Prometheus]', 'prometheus-p-shard-2', 2, '2'],
      ],
    );
    assert.equal(extract(operatorResource('Prometheus', 'ns/p', 'shards: 0')).workloads.length, 1, 'below 2 is one shard');
  });

  it('an absurd shard count is cut at the indexing limit, with a problem on spec.shards', () => {
    const text = operatorResource('Prometheus', 'ns/p', 'shards: 2000000');
    const c = extract(text);
    assert.equal(c.workloads.length, MAX_INDEXED_SHARDS);
    assert.deepEqual(
      c.problems.map((p) => textAt(text, p.range)),
      ['2000000'],
    );
  });

  it('the source is the resource, its labels range spec.podMetadata.labels', () => {
    const text = operatorResource('Prometheus', 'ns/p', 'podMetadata:\n  labels: {team: a}');
    const [w] = extract(text).workloads;
    assert.equal(textAt(text, w.sources[0].labelsRange!), '{team: a}');
  });

  it('only monitoring.coreos.com/v1 makes pods: another group or version is an unknown object', () => {
    const text = operatorResource('Prometheus', 'ns/p').replace('monitoring.coreos.com/v1', 'example.com/v1');
    assert.deepEqual(extract(text).workloads, []);
  });

  it('a label value that is not a string is reported and dropped, as in a pod template', () => {
    const c = extract(operatorResource('Alertmanager', 'ns/a', 'podMetadata: {labels: {enabled: yes}}'));
    assert.equal(c.workloads[0].labels.enabled, undefined);
    assert.deepEqual(
      c.problems.map((p) => p.kind),
      ['non-string-label'],
    );
  });
});

describe('operator-made pods: Alertmanager', () => {
  it('StatefulSet alertmanager-<name>, labels of pkg/alertmanager/operator.go makeSelectorLabels over spec.podMetadata.labels', () => {
    const [w] = extract(
      operatorResource(
        'Alertmanager',
        'monitoring/main',
        'replicas: 3\npodMetadata: {labels: {app.kubernetes.io/component: alert-router}}',
      ),
    ).workloads;
    assert.deepEqual([w.ref, w.statefulSetName, w.replicas], ['monitoring/main[Alertmanager]', 'alertmanager-main', 3]);
    assert.deepEqual(
      { ...w.labels },
      {
        'app.kubernetes.io/component': 'alert-router',
        'app.kubernetes.io/name': 'alertmanager',
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/instance': 'main',
        alertmanager: 'main',
      },
    );
  });

  it('exposes web 9093, mesh-tcp 9094/TCP, mesh-udp 9094/UDP and reloader-web 8080 (pkg/alertmanager/statefulset.go makeStatefulSetSpec)', () => {
    assert.deepEqual(portsOf(extract(operatorResource('Alertmanager', 'ns/a')).workloads[0]), [
      'web/TCP 9093 (alertmanager)',
      'mesh-tcp/TCP 9094 (alertmanager)',
      'mesh-udp/UDP 9094 (alertmanager)',
      'reloader-web/TCP 8080 (config-reloader)',
    ]);
    assert.deepEqual(portsOf(extract(operatorResource('Alertmanager', 'ns/a', 'listenLocal: true')).workloads[0]), [
      'mesh-tcp/TCP 9094 (alertmanager)',
      'mesh-udp/UDP 9094 (alertmanager)',
    ]);
  });

  it('spec.replicas: absent 1, negative 0 (statefulset.go makeStatefulSet)', () => {
    const replicasOf = (spec: string) => extract(operatorResource('Alertmanager', 'ns/a', spec)).workloads[0].replicas;
    assert.equal(replicasOf(''), 1);
    assert.equal(replicasOf('replicas: -1'), 0);
  });
});

describe('operator-made pods: ThanosRuler', () => {
  it('StatefulSet thanos-ruler-<name>; grpc 10901, web 10902, reloader-web 8080; the version label set last (pkg/thanos/statefulset.go)', () => {
    const [w] = extract(
      operatorResource(
        'ThanosRuler',
        'ns/rules',
        'version: v0.37.2\nqueryEndpoints: [thanos-query]\npodMetadata: {labels: {app.kubernetes.io/version: mine, thanos-ruler: x}}',
      ),
    ).workloads;
    assert.deepEqual([w.ref, w.statefulSetName, w.replicas], ['ns/rules[ThanosRuler]', 'thanos-ruler-rules', 1]);
    assert.deepEqual(
      { ...w.labels },
      {
        'app.kubernetes.io/version': '0.37.2',
        'thanos-ruler': 'rules',
        'app.kubernetes.io/name': 'thanos-ruler',
        'app.kubernetes.io/managed-by': 'prometheus-operator',
        'app.kubernetes.io/instance': 'rules',
      },
    );
    assert.deepEqual(portsOf(w), [
      'grpc/TCP 10901 (thanos-ruler)',
      'web/TCP 10902 (thanos-ruler)',
      'reloader-web/TCP 8080 (config-reloader)',
    ]);
  });
});

describe('operator-made pods: ThanosRuler with nothing to query', () => {
  it('gets no pods, and a problem: makeStatefulSetSpec requires spec.queryEndpoints or spec.queryConfig (pkg/thanos/statefulset.go)', () => {
    const c = extract(operatorResource('ThanosRuler', 'ns/rules', 'replicas: 2'));
    assert.deepEqual(c.workloads, []);
    assert.match(c.problems[0].message, /no pods/);
    assert.equal(extract(operatorResource('ThanosRuler', 'ns/rules', 'queryConfig: {name: q, key: k}')).workloads.length, 1);
  });
});

describe('operator-made pods in the workspace', () => {
  it("kube-prometheus's prometheus-k8s policy selects the Prometheus pods: no NP3001, no NP3002 for app.kubernetes.io/name=prometheus", () => {
    const ws = new Workspace();
    ws.setFile('file:///ws/grafana.yaml', deployment('monitoring/grafana', { 'app.kubernetes.io/name': 'grafana' }));
    ws.setFile('file:///ws/prometheus.yaml', KUBE_PROMETHEUS_PROMETHEUS);
    const text = policy(
      'monitoring/prometheus-k8s',
      yaml`
        podSelector:
          matchLabels: {app.kubernetes.io/component: prometheus, app.kubernetes.io/instance: k8s, app.kubernetes.io/name: prometheus}
        ingress:
        - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}}]
          ports: [{port: 9090}, {port: reloader-web}]
      `,
    );
    ws.setFile('file:///ws/policy.yaml', text);
    const object = ws.manifest('file:///ws/policy.yaml')!.objects[0];
    assert.deepEqual(summarize(text, checkPolicyAgainstWorkspace(object, ws)), []);
    assert.deepEqual(
      ws.workloadsIn('monitoring').map((w) => w.ref),
      ['monitoring/grafana[Deployment]', 'monitoring/k8s[Prometheus]'],
    );
  });
});

describe('tolerantSemver (blang/semver v4 ParseTolerant, then Version.String)', () => {
  it('strips a leading v and spaces, fills missing parts, drops leading zeros', () => {
    assert.equal(tolerantSemver(' v2.45 '), '2.45.0');
    assert.equal(tolerantSemver('3'), '3.0.0');
    assert.equal(tolerantSemver('01.02.03'), '1.2.3');
    assert.equal(tolerantSemver('0.33.1-rc.0+build.5'), '0.33.1-rc.0+build.5');
  });

  it('refuses what Parse refuses: a short version with pre-release, letters, a pre-release number with a leading zero', () => {
    assert.equal(tolerantSemver('2.45-rc.0'), undefined);
    assert.equal(tolerantSemver('latest'), undefined);
    assert.equal(tolerantSemver('1.2.3-01'), undefined);
  });
});
