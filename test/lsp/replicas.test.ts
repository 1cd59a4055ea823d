// netpol/* answers for StatefulSet replicas, hostNetwork pods and a pod to itself (truthful
// answers §1.5-§1.7), over JSON-RPC against the bundled server: what the view and the verdict
// document receive.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainRequest, ReachabilityRequest, WorkloadsRequest, type ExplainResult } from '../../server/src/protocol';
import { daemonSet, deployment, documents, pod, policy, statefulSet } from '../builders';
import { withServer } from './withServer';

const WORKLOADS = documents(
  statefulSet('a/kafka', { app: 'kafka' }, [], { replicas: 2 }),
  daemonSet('a/agent', { app: 'agent' }, [], { hostNetwork: true }),
  deployment('a/client', { app: 'client' }),
  pod('a/web', { app: 'web' }),
);

const POLICIES = documents(
  policy('a/kafka-0', 'podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-0}}\npolicyTypes: [Ingress]'),
  policy('a/web', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Egress]'),
);

describe('lsp: replicas, hostNetwork and a pod to itself in netpol/* answers', () => {
  const server = withServer({ 'file:///ws/workloads.yaml': WORKLOADS, 'file:///ws/policies.yaml': POLICIES });

  it('netpol/workloads lists each replica of a StatefulSet a policy tells apart (docs "StatefulSets", Pod Name Label), and marks hostNetwork', async () => {
    const result = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const a = result.namespaces.find((ns) => ns.name === 'a')!;
    assert.deepEqual(
      a.workloads.map(
        (w) => `${w.ref}${w.replica === undefined ? '' : ` replica ${w.replica}`}${w.hostNetwork ? ' hostNetwork' : ''}`,
      ),
      [
        'a/agent[DaemonSet] hostNetwork',
        'a/client[Deployment]',
        'a/kafka[StatefulSet]#0 replica 0',
        'a/kafka[StatefulSet]#1 replica 1',
        'a/web[Pod]',
      ],
    );
    assert.ok(result.notes?.some((n) => n.startsWith('a/agent[DaemonSet] uses hostNetwork')));
    const replica0 = await server.request<ReachabilityRequest.Result>(ReachabilityRequest.method, {
      workload: 'a/kafka[StatefulSet]#0',
    });
    assert.deepEqual(replica0?.workload.isolated, { ingress: true, egress: false });
  });

  it('netpol/explain answers per replica, and a one-pod workload to itself is allowed (docs "Network Policies")', async () => {
    const differs = (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'a/client',
      to: 'a/kafka',
    })) as ExplainResult;
    assert.deepEqual(
      differs.perReplica?.map((r) => `${r.to} ${r.allowed}`),
      ['a/kafka[StatefulSet]#0 false', 'a/kafka[StatefulSet]#1 true'],
    );
    const self = (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'a/web[Pod]',
      to: 'a/web[Pod]',
    })) as ExplainResult;
    assert.equal(self.allowed, true);
    assert.equal(self.portsText, 'all ports');
  });
});
