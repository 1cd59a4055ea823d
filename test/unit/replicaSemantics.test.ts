// Pods as their controllers make them (truthful answers §1.5-§1.7): the labels a
// StatefulSet, Deployment or Job controller adds to each pod, hostNetwork pods, and a
// pod's traffic to itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt, renderPlainText } from '../../server/src/engine/insight/hover';
import { selectPods } from '../../server/src/engine/podLabels';
import { explainConnection, reach, resolveEndpoint } from '../../server/src/engine/reach';
import { labelSelector } from '../../server/src/engine/selectors';
import { checkPolicyAgainstWorkspace } from '../../server/src/engine/validate/workspaceChecks';
import { parseWorkloadRef } from '../../server/src/engine/workloadRef';
import type { Workspace } from '../../server/src/engine/workspace';
import { daemonSet, deployment, documents, pod, policy, statefulSet } from '../builders';
import { positionOf } from './insightFixture';
import { allowed, explain, workspaceOf } from './reach.helpers';

/** A StatefulSet with `replicas` pods, optionally numbered from `start` (spec.ordinals.start). */
const statefulSetWith = (ref: string, labels: Record<string, string>, replicas: number, start?: number): string =>
  statefulSet(ref, labels, ['9092'], { replicas, ordinalsStart: start });

/** A DaemonSet whose pods use the node's network namespace. */
const hostNetworkDaemonSet = (ref: string, labels: Record<string, string>): string =>
  daemonSet(ref, labels, [], { hostNetwork: true });

const KAFKA_0_ISOLATED = policy(
  'a/kafka-0',
  'podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-0}}\npolicyTypes: [Ingress]',
);

function kafka(...more: string[]): Workspace {
  return workspaceOf(
    documents(statefulSetWith('a/kafka', { app: 'kafka' }, 3), deployment('a/client', { app: 'client' })),
    KAFKA_0_ISOLATED,
    ...more,
  );
}

function checkPolicy(ws: Workspace, uri: string): string[] {
  return ws
    .manifest(uri)!
    .objects.flatMap((object) => checkPolicyAgainstWorkspace(object, ws))
    .map((d) => `${d.code} ${d.message}`);
}

describe('controller-added pod labels (docs "StatefulSets": Pod Name Label, Pod index label)', () => {
  it('statefulset.kubernetes.io/pod-name: kafka-0 selects replica 0 of StatefulSet kafka: no NP3001; kafka-5 of 3 replicas does warn', () => {
    const ws = kafka();
    assert.deepEqual(checkPolicy(ws, 'file:///ws/f1.yaml'), []);
    ws.setFile(
      'file:///ws/f1.yaml',
      policy('a/kafka-5', 'podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-5}}'),
    );
    assert.match(checkPolicy(ws, 'file:///ws/f1.yaml').join('\n'), /^NP3001 /);
  });

  it('apps.kubernetes.io/pod-index selects by ordinal from Kubernetes 1.28 on; before, no pod has it', () => {
    const ws = workspaceOf(
      documents(statefulSetWith('a/kafka', { app: 'kafka' }, 2), deployment('a/client', { app: 'client' })),
      policy('a/first', 'podSelector: {matchLabels: {apps.kubernetes.io/pod-index: "0"}}\npolicyTypes: [Ingress]'),
    );
    assert.equal(allowed(ws, 'a/client', 'a/kafka[StatefulSet]#0'), 'none');
    assert.equal(allowed(ws, 'a/client', 'a/kafka[StatefulSet]#1'), 'all ports');
    const old = reach(ws, { validation: { kubernetesVersion: { major: 1, minor: 27 } } });
    assert.deepEqual(
      old.analysis.workloads.map((w) => w.ref),
      ['a/client[Deployment]', 'a/kafka[StatefulSet]'],
    );
    assert.ok(old.connections.some((c) => c.from === 'a/client[Deployment]' && c.to === 'a/kafka[StatefulSet]'));
  });

  it('reach lists each replica of a StatefulSet a policy tells apart, as namespace/name[StatefulSet]#N, with a note', () => {
    const { analysis, connections } = reach(kafka());
    assert.deepEqual(
      analysis.workloads.map((w) => w.ref),
      ['a/client[Deployment]', 'a/kafka[StatefulSet]#0', 'a/kafka[StatefulSet]#1', 'a/kafka[StatefulSet]#2'],
    );
    const into = connections.filter((c) => c.from === 'a/client[Deployment]' && !c.external).map((c) => c.to);
    assert.deepEqual(into, ['a/kafka[StatefulSet]#1', 'a/kafka[StatefulSet]#2']);
    assert.ok(analysis.notes.some((n) => n.startsWith('a/kafka[StatefulSet] is analysed per replica')));
  });

  it('explain a/client a/kafka says the answer differs per replica instead of one verdict; #0 is denied, #1 allowed', () => {
    const ws = kafka();
    const verdict = explain(ws, 'a/client', 'a/kafka');
    assert.ok(verdict.perReplica, 'answers per replica');
    assert.deepEqual(
      verdict.perReplica.map((r) => `${r.to}: ${r.allowed ? r.portsText : 'denied'}`),
      ['a/kafka[StatefulSet]#0: denied', 'a/kafka[StatefulSet]#1: all ports', 'a/kafka[StatefulSet]#2: all ports'],
    );
    assert.equal(verdict.allowed, false);
    assert.match(verdict.summary, /^The answer differs per replica of a\/kafka\[StatefulSet\]/);
    assert.equal(explain(ws, 'a/client', 'a/kafka[StatefulSet]#0').allowed, false);
    assert.equal(explain(ws, 'a/client', 'a/kafka#1').portsText, 'all ports');
  });

  it('a StatefulSet no selector tells apart stays one endpoint, and a selector on a label every replica has selects it whole', () => {
    const ws = workspaceOf(
      documents(statefulSetWith('a/kafka', { app: 'kafka' }, 3), deployment('a/client', { app: 'client' })),
      policy(
        'a/stateful-pods',
        'podSelector: {matchExpressions: [{key: statefulset.kubernetes.io/pod-name, operator: Exists}]}\npolicyTypes: [Ingress]',
      ),
    );
    const { analysis } = reach(ws);
    assert.deepEqual(
      analysis.workloads.map((w) => w.ref),
      ['a/client[Deployment]', 'a/kafka[StatefulSet]'],
    );
    assert.equal(allowed(ws, 'a/client', 'a/kafka'), 'none');
    assert.equal(allowed(ws, 'a/kafka', 'a/client'), 'all ports');
    const endpoint = resolveEndpoint(analysis, 'a/kafka#0');
    assert.ok('error' in endpoint && /analysed as one workload/.test(endpoint.error), JSON.stringify(endpoint));
  });

  it('spec.ordinals.start numbers the replicas from there (StatefulSet "Start ordinal", GA in 1.31)', () => {
    const ws = workspaceOf(
      documents(statefulSetWith('a/kafka', { app: 'kafka' }, 2, 5), deployment('a/client', { app: 'client' })),
      policy('a/five', 'podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-5}}\npolicyTypes: [Ingress]'),
    );
    assert.deepEqual(
      reach(ws).analysis.workloads.map((w) => w.ref),
      ['a/client[Deployment]', 'a/kafka[StatefulSet]#5', 'a/kafka[StatefulSet]#6'],
    );
    assert.equal(allowed(ws, 'a/client', 'a/kafka#5'), 'none');
  });

  it('a peer podSelector on pod-name allows from that replica only', () => {
    const ws = workspaceOf(
      documents(statefulSetWith('a/kafka', { app: 'kafka' }, 2), deployment('a/db', { app: 'db' })),
      policy(
        'a/db',
        'podSelector: {matchLabels: {app: db}}\ningress:\n  - from: [{podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-1}}}]',
      ),
    );
    assert.equal(allowed(ws, 'a/kafka#0', 'a/db'), 'none');
    assert.equal(allowed(ws, 'a/kafka#1', 'a/db'), 'all ports');
  });

  it('the policy hover names the replicas it selects', () => {
    const ws = kafka();
    const text = KAFKA_0_ISOLATED;
    const answer = hoverAt(ws, 'file:///ws/f1.yaml', positionOf(text, 'kafka-0', 1));
    assert.ok(answer);
    assert.match(renderPlainText(answer.blocks), /a\/kafka \(StatefulSet, 3 replicas\): only replica #0 \(kafka-0\)/);
  });

  it('pod-template-hash (set by the Deployment controller, value unknown): "not modelled", never "selects no workload"', () => {
    const ws = workspaceOf(
      documents(deployment('a/web', { app: 'web' }), deployment('a/client', { app: 'client' })),
      policy('a/hash', 'podSelector: {matchLabels: {pod-template-hash: 7d4b9c}}\npolicyTypes: [Ingress]'),
    );
    assert.deepEqual(checkPolicy(ws, 'file:///ws/f1.yaml'), []);
    assert.deepEqual(selectPods(labelSelector({ 'pod-template-hash': '7d4b9c' }), ws.workloads()[0]), {
      kind: 'unknown',
      keys: ['pod-template-hash'],
    });
    assert.deepEqual(
      selectPods(labelSelector({}, [{ key: 'pod-template-hash', operator: 'Exists', values: [] }]), ws.workloads()[0]),
      { kind: 'all' },
    );
    const text = renderPlainText(hoverAt(ws, 'file:///ws/f1.yaml', positionOf(policy('a/hash', ''), 'hash', 0))!.blocks);
    assert.match(text, /may be selected: depends on pod-template-hash/);
    assert.ok(reach(ws).analysis.notes.some((n) => /^a\/hash selects by pod-template-hash, .*not modelled/.test(n)));
    const verdict = explain(ws, 'a/client', 'a/web');
    assert.ok(
      verdict.notes?.some((n) =>
        /^a\/web\[Deployment\]: a\/hash selects by pod-template-hash.*the cluster may decide differently/.test(n),
      ),
      JSON.stringify(verdict.notes),
    );
  });

  it('Job pods carry batch.kubernetes.io/job-name and job-name (Job docs, "Job labels"): a selector on them matches', () => {
    const job = `apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: a}\nspec:\n  template:\n    metadata: {labels: {app: migrate}}\n    spec: {containers: [{name: main}]}\n`;
    const ws = workspaceOf(job, policy('a/job', 'podSelector: {matchLabels: {batch.kubernetes.io/job-name: migrate}}'));
    assert.deepEqual(checkPolicy(ws, 'file:///ws/f1.yaml'), []);
    ws.setFile('file:///ws/f1.yaml', policy('a/job', 'podSelector: {matchLabels: {controller-uid: 0f3c}}'));
    assert.deepEqual(checkPolicy(ws, 'file:///ws/f1.yaml'), []);
  });

  it('refs: namespace/name[Kind]#N and namespace/name#N name one replica', () => {
    assert.deepEqual(parseWorkloadRef('a/kafka[StatefulSet]#0'), {
      namespace: 'a',
      name: 'kafka',
      kind: 'StatefulSet',
      ordinal: 0,
    });
    assert.deepEqual(parseWorkloadRef('a/kafka#12'), { namespace: 'a', name: 'kafka', ordinal: 12 });
    for (const bad of ['a/kafka#', 'a/kafka#x', 'a/kafka#0#1']) assert.equal(parseWorkloadRef(bad), undefined, bad);
  });
});

describe('hostNetwork pods (NetworkPolicy concept page, "NetworkPolicy and hostNetwork pods": behaviour undefined, most implementations ignore them when matching selectors)', () => {
  const HOST = hostNetworkDaemonSet('a/agent', { app: 'agent' });

  it('a policy selecting a hostNetwork workload does not isolate it; explain says NetworkPolicies do not apply', () => {
    const ws = workspaceOf(
      documents(HOST, deployment('a/client', { app: 'client' })),
      policy('a/deny-agent', 'podSelector: {matchLabels: {app: agent}}\npolicyTypes: [Ingress, Egress]'),
    );
    const verdict = explain(ws, 'a/client', 'a/agent');
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.ingress.isolated, false);
    assert.ok(verdict.notes?.some((n) => /^a\/agent\[DaemonSet\] uses hostNetwork: NetworkPolicies do not apply/.test(n)));
    assert.equal(allowed(ws, 'a/agent', 'a/client'), 'all ports');
  });

  it("a selector peer never matches a hostNetwork source (its traffic is the node's)", () => {
    const ws = workspaceOf(
      documents(HOST, deployment('a/db', { app: 'db' })),
      policy('a/db', 'podSelector: {matchLabels: {app: db}}\ningress:\n  - from: [{podSelector: {matchLabels: {app: agent}}}]'),
    );
    const verdict = explain(ws, 'a/agent', 'a/db');
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.notes?.some((n) => n.includes("the cluster's CNI decides")));
    assert.ok(reach(ws).analysis.notes.some((n) => n.startsWith('a/agent[DaemonSet] uses hostNetwork')));
  });

  it('the policy hover says a selected hostNetwork workload is not subject to NetworkPolicies', () => {
    const text = policy('a/deny-agent', 'podSelector: {matchLabels: {app: agent}}');
    const ws = workspaceOf(HOST, text);
    const answer = hoverAt(ws, 'file:///ws/f1.yaml', positionOf(text, 'deny-agent', 0))!;
    assert.match(renderPlainText(answer.blocks), /a\/agent \(DaemonSet\): hostNetwork: NetworkPolicies do not apply/);
  });
});

describe('a pod to itself (docs "Network Policies": a pod cannot block access to itself)', () => {
  const WEB = pod('a/web', { app: 'web' });
  const DENY = policy('a/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');

  it("explain 'a/web[Pod]' 'a/web[Pod]' is ALLOWED on all ports under a deny-all, with that reason", () => {
    const verdict = explain(workspaceOf(WEB, DENY), 'a/web[Pod]', 'a/web[Pod]');
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.portsText, 'all ports');
    assert.match(verdict.summary, /a pod cannot block access to itself/);
    assert.equal(explain(workspaceOf(WEB, DENY), 'a/web', 'a/web', '80').portsText, 'TCP 80');
  });

  it('a workload of several pods to itself: the verdict is for one pod to another, and says a pod to itself is allowed', () => {
    const three = deployment('a/api', { app: 'api' }).replace('spec:\n', 'spec:\n  replicas: 3\n');
    const verdict = explain(workspaceOf(three, DENY), 'a/api', 'a/api');
    assert.equal(verdict.allowed, false);
    assert.ok(verdict.notes?.some((n) => /has 3 pods: this verdict is for one of its pods to another/.test(n)));
  });

  it('reach lists no workload to itself', () => {
    const { connections } = reach(workspaceOf(WEB));
    assert.ok(!connections.some((c) => c.from === c.to));
  });

  it('one replica to itself is allowed; to another replica the policies decide', () => {
    const ws = kafka(policy('a/deny', 'podSelector: {}\npolicyTypes: [Ingress]'));
    assert.equal(explain(ws, 'a/kafka#1', 'a/kafka#1').allowed, true);
    assert.equal(explain(ws, 'a/kafka#1', 'a/kafka#2').allowed, false);
    const endpoint = resolveEndpoint(reach(ws).analysis, 'a/kafka');
    assert.ok(!('error' in endpoint));
    assert.equal(explainConnection(endpoint, endpoint).perReplica?.length, 9);
  });
});

// Review fixes after merging: a StatefulSet named without an ordinal answers for every replica pair,
// so what any pair says beyond its answer (policies of other kinds, the port asked) holds for the group.
describe('per-replica answers keep what each pair says', () => {
  const cnp =
    'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: kafka-l7, namespace: a}\nspec:\n  endpointSelector: {matchLabels: {app: kafka}}\n  ingress: [{fromEndpoints: [{matchLabels: {app: client}}]}]\n';

  it('a CiliumNetworkPolicy governing every replica is named for every replica, in notModelled and the summary', () => {
    const verdict = explain(kafka(cnp), 'a/client', 'a/kafka');
    assert.ok(verdict.perReplica);
    assert.deepEqual(
      [...new Set(verdict.notModelled.map((entry) => entry.workload))],
      ['a/kafka[StatefulSet]#0', 'a/kafka[StatefulSet]#1', 'a/kafka[StatefulSet]#2'],
    );
    assert.match(verdict.summary, /also governed by CiliumNetworkPolicy a\/kafka-l7/);
  });

  it('--port without protocol: the group summary says TCP was assumed, as each pair does', () => {
    const verdict = explainConnection(endpoint(kafka(), 'a/client'), endpoint(kafka(), 'a/kafka'), {
      text: '9092',
      set: { TCP: [[9092, 9092]], UDP: [], SCTP: [] },
      protocolGiven: false,
    });
    assert.match(verdict.summary, /Asked 9092\/TCP \(no protocol given, TCP assumed\)/);
  });

  it('a pod to itself on a port gets no "other protocol is allowed" note: every port is', () => {
    const ws = workspaceOf(pod('a/web', { app: 'web' }), policy('a/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]'));
    const verdict = explain(ws, 'a/web[Pod]', 'a/web[Pod]', '53/UDP');
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.portNote, undefined);
  });
});

function endpoint(ws: Workspace, ref: string) {
  const resolved = resolveEndpoint(reach(ws).analysis, ref);
  if ('error' in resolved) throw new Error(resolved.error);
  return resolved;
}
