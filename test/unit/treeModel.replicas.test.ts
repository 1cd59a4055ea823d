// The reachability view and the verdict document for StatefulSets analysed per replica,
// hostNetwork workloads and notes (truthful answers §1.5-§1.7), from hand-written answers
// shaped as protocol.ts declares them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRootNodes, buildWorkloadChildren, workloadDescription } from '../../client/src/reachability/treeModel';
import type { ExplainResult, SideVerdict, WorkloadSummary, WorkloadsRequest } from '../../server/src/protocol';
import { verdictAnnouncement, verdictHtml } from '../../client/src/verdict/verdictHtml';

const kafka0: WorkloadSummary = {
  ref: 'a/kafka[StatefulSet]#0',
  namespace: 'a',
  kind: 'StatefulSet',
  name: 'kafka',
  replicas: 1,
  replica: 0,
  isolated: { ingress: true, egress: false },
};
const agent: WorkloadSummary = {
  ref: 'a/agent[DaemonSet]',
  namespace: 'a',
  kind: 'DaemonSet',
  name: 'agent',
  hostNetwork: true,
  isolated: { ingress: false, egress: false },
};

describe('tree model: replicas and hostNetwork (docs "StatefulSets" pod name label; "Network Policies" hostNetwork)', () => {
  it('a replica node reads name#ordinal and says why it stands alone; a hostNetwork node says no policy applies', () => {
    const result: WorkloadsRequest.Result = { version: 1, namespaces: [{ name: 'a', workloads: [kafka0, agent] }], leftOut: [] };
    const [namespace] = buildRootNodes(result);
    const byLabel = new Map((namespace.children ?? []).map((node) => [node.label, node]));
    const replica = byLabel.get('kafka#0');
    assert.ok(replica, [...byLabel.keys()].join(', '));
    assert.equal(replica.description, 'not isolated for egress · replica #0');
    assert.match(replica.tooltip ?? '', /Replica #0, analysed on its own/);
    const host = byLabel.get('agent');
    assert.equal(host?.description, 'hostNetwork: no policy applies');
    assert.match(host?.tooltip ?? '', /NetworkPolicies do not apply to this pod's traffic/);
    assert.equal(workloadDescription({ isolated: { ingress: false, egress: false }, replicas: 2 }), 'not isolated · 2 replicas');
  });

  it('a peer that is one replica is labelled name#ordinal', () => {
    const children = buildWorkloadChildren({
      version: 1,
      workload: agent,
      inbound: [],
      outbound: [
        {
          peer: { kind: 'workload', ref: 'a/kafka[StatefulSet]#2' },
          ports: 'all',
          portsText: 'all ports',
          reasons: [],
        },
      ],
      leftOut: [],
    });
    const labels = children.flatMap((node) => (node.children ?? []).map((c) => c.label));
    assert.ok(labels.includes('kafka#2'), labels.join(', '));
    assert.match(children[0].description ?? '', /hostNetwork: no policy applies/);
  });
});

describe('verdict panel: per replica and notes', () => {
  const open: SideVerdict = {
    isolated: false,
    isolatingPolicies: [],
    allowingRules: [],
    allowed: 'all',
    allowedText: 'all ports',
  };
  const differs: ExplainResult = {
    from: { kind: 'workload', ref: 'a/client[Deployment]' },
    to: { kind: 'workload', ref: 'a/kafka[StatefulSet]' },
    allowed: false,
    ports: [],
    portsText: 'no ports',
    egress: open,
    ingress: open,
    summary: 'The answer differs per replica of a/kafka[StatefulSet].',
    notes: ['a/kafka[StatefulSet] is analysed per replica (2 replicas).'],
    perReplica: [
      { from: 'a/client[Deployment]', to: 'a/kafka[StatefulSet]#0', allowed: false, portsText: 'no ports', summary: '' },
      { from: 'a/client[Deployment]', to: 'a/kafka[StatefulSet]#1', allowed: true, portsText: 'all ports', summary: '' },
    ],
  };

  it('says "Differs per replica", lists each replica pair, and shows the notes', () => {
    const { html } = verdictHtml(differs, { nonce: 'n', relativePath: (uri) => uri });
    assert.match(html, /<p class="verdict differs">DIFFERS PER REPLICA<\/p>/);
    assert.match(html, /<li><code>a\/client\[Deployment\]<\/code> → <code>a\/kafka\[StatefulSet\]#0<\/code>: denied<\/li>/);
    assert.match(
      html,
      /<li><code>a\/client\[Deployment\]<\/code> → <code>a\/kafka\[StatefulSet\]#1<\/code>: allowed on all ports<\/li>/,
    );
    assert.match(html, /<li>a\/kafka\[StatefulSet\] is analysed per replica \(2 replicas\)\.<\/li>/);
    assert.deepEqual(verdictAnnouncement(differs), {
      severity: 'warning',
      text: 'Differs per replica: a/client[Deployment] → a/kafka[StatefulSet] (any port).',
    });
  });
});
