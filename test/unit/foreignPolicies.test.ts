// Policies of other kinds: which workloads each selects, and how verdicts name them.
// Sources per kind are cited in server/src/engine/foreignPolicies.ts: Cilium "Policy
// language" (endpointSelector, nodeSelector, specs, io.kubernetes.pod.namespace and
// io.cilium.k8s.namespace.labels.*), Calico NetworkPolicy/GlobalNetworkPolicy reference
// (selector, namespaceSelector, types), sig-network policy-api (AdminNetworkPolicy,
// BaselineAdminNetworkPolicy, ClusterNetworkPolicy subject), Istio AuthorizationPolicy
// reference (selector, root namespace).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { foreignPolicyLenses } from '../../server/src/engine/insight/foreignAnswers';
import { hoverAt, renderPlainText } from '../../server/src/engine/insight/hover';
import { explainConnection, reach, resolveEndpoint } from '../../server/src/engine/reach';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, pod, policy } from '../builders';
import { positionOf } from './insightFixture';
import { explain, workspaceOf } from './reach.helpers';

const FIXTURES = join(__dirname, '../fixtures');

function fixture(name: string): Workspace {
  const workspace = new Workspace();
  for (const file of readdirSync(join(FIXTURES, name)).sort())
    workspace.setFile(`file:///ws/${file}`, readFileSync(join(FIXTURES, name, file), 'utf8'));
  return workspace;
}

function selection(workspace: Workspace, title: string): { workloads: string[]; notUnderstood: readonly string[] } {
  const policy = workspace.foreignPolicies().find((p) => `${p.kindLabel} ${p.ref}` === title);
  assert.ok(policy, `no ${title}`);
  const selected = workspace.foreignSelection(policy);
  return { workloads: selected.workloads.map((w) => w.ref), notUnderstood: selected.notUnderstood };
}

describe('foreign policies: what each kind selects', () => {
  const workspace = fixture('foreign-kinds');

  it('indexes every kind, namespaced ones as namespace/name and cluster-wide ones by name', () => {
    assert.deepEqual(
      workspace.foreignPolicies().map((p) => `${p.kindLabel} ${p.ref}`),
      [
        'AdminNetworkPolicy tools-cannot-reach-shop',
        'BaselineAdminNetworkPolicy default',
        'ClusterNetworkPolicy pass-monitoring',
        'Calico NetworkPolicy shop/allow-web',
        'Calico GlobalNetworkPolicy deny-backend-egress',
        'Calico GlobalNetworkPolicy odd-selector',
        'CiliumNetworkPolicy shop/api-from-web',
        'CiliumClusterwideNetworkPolicy platform-egress',
        'CiliumClusterwideNetworkPolicy host-firewall',
        'Istio AuthorizationPolicy shop/api-get-only',
        'Istio AuthorizationPolicy istio-system/deny-all',
      ],
    );
  });

  it('Cilium: each rule of specs selects with its endpointSelector, in the policy namespace (CNP)', () => {
    assert.deepEqual(selection(workspace, 'CiliumNetworkPolicy shop/api-from-web'), {
      workloads: ['shop/api[Deployment]', 'shop/web[Deployment]'],
      notUnderstood: [],
    });
    const policy = workspace.foreignPolicies().find((p) => p.ref === 'shop/api-from-web')!;
    assert.deepEqual(policy.directions, ['egress', 'ingress']);
  });

  it('Cilium: a CCNP selects across namespaces, by namespace labels with the k8s: prefix', () => {
    assert.deepEqual(selection(workspace, 'CiliumClusterwideNetworkPolicy platform-egress').workloads, [
      'tools/debug[Deployment]',
    ]);
  });

  it('Cilium: a nodeSelector selects nodes, never a pod', () => {
    assert.deepEqual(selection(workspace, 'CiliumClusterwideNetworkPolicy host-firewall'), { workloads: [], notUnderstood: [] });
    const policy = workspace.foreignPolicies().find((p) => p.ref === 'host-firewall')!;
    assert.deepEqual(policy.nodeSelectors, ['spec.nodeSelector node-role.kubernetes.io/control-plane=']);
  });

  it('Cilium: io.kubernetes.pod.namespace in a CCNP selects by namespace', () => {
    const ws = workspaceOf(
      documents(deployment('a/x', { app: 'x' }), deployment('b/x', { app: 'x' })),
      `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: only-b}
spec:
  endpointSelector:
    matchLabels: {"k8s:io.kubernetes.pod.namespace": b, app: x}
  ingress: [{}]
`,
    );
    assert.deepEqual(selection(ws, 'CiliumClusterwideNetworkPolicy only-b').workloads, ['b/x[Deployment]']);
  });

  it('Calico: a NetworkPolicy selects in its namespace with the selector language', () => {
    assert.deepEqual(selection(workspace, 'Calico NetworkPolicy shop/allow-web').workloads, ['shop/web[Deployment]']);
  });

  it('Calico: a GlobalNetworkPolicy selects in the namespaces its namespaceSelector selects', () => {
    assert.deepEqual(selection(workspace, 'Calico GlobalNetworkPolicy deny-backend-egress').workloads, ['shop/api[Deployment]']);
    const policy = workspace.foreignPolicies().find((p) => p.ref === 'deny-backend-egress')!;
    assert.deepEqual(policy.directions, ['egress']);
  });

  it('Calico: a selector it cannot read is not understood, never an empty selection', () => {
    const odd = selection(workspace, 'Calico GlobalNetworkPolicy odd-selector');
    assert.deepEqual(odd.workloads, []);
    assert.equal(odd.notUnderstood.length, 1);
    assert.match(odd.notUnderstood[0], /spec\.selector "app = 'web'" is not understood: unexpected character "=" at character 5/);
    // ... so every workload of its scope may be governed by it, which verdicts say.
    const maybe = workspace.notModelledFor('tools/debug[Deployment]').find((e) => e.policy === 'odd-selector');
    assert.equal(maybe?.certain, false);
  });

  it('Calico: types default to Ingress, Egress with egress rules only, both with both', () => {
    const ws = workspaceOf(
      deployment('a/x', { app: 'x' }),
      documents(
        ...[
          ['none', ''],
          ['egress-only', 'egress: [{action: Allow}]'],
          ['both', 'ingress: [{action: Allow}]\n  egress: [{action: Allow}]'],
        ].map(
          ([name, rules]) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: ${name}, namespace: a}
spec:
  selector: all()
  ${rules}
`,
        ),
      ),
    );
    assert.deepEqual(
      ws.foreignPolicies().map((p) => [p.name, p.directions]),
      [
        ['none', ['ingress']],
        ['egress-only', ['egress']],
        ['both', ['egress', 'ingress']],
      ],
    );
  });

  it('AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy: subject namespaces or pods', () => {
    assert.deepEqual(selection(workspace, 'AdminNetworkPolicy tools-cannot-reach-shop').workloads, ['tools/debug[Deployment]']);
    assert.deepEqual(selection(workspace, 'BaselineAdminNetworkPolicy default').workloads, ['shop/api[Deployment]']);
    assert.deepEqual(selection(workspace, 'ClusterNetworkPolicy pass-monitoring').workloads, [
      'shop/api[Deployment]',
      'shop/web[Deployment]',
      'tools/debug[Deployment]',
    ]);
  });

  it('Istio: selector.matchLabels in its namespace; in istio-system, every workload of the mesh', () => {
    assert.deepEqual(selection(workspace, 'Istio AuthorizationPolicy shop/api-get-only').workloads, ['shop/api[Deployment]']);
    assert.deepEqual(selection(workspace, 'Istio AuthorizationPolicy istio-system/deny-all').workloads, [
      'shop/api[Deployment]',
      'shop/web[Deployment]',
      'tools/debug[Deployment]',
    ]);
    const meshWide = workspace.foreignPolicies().find((p) => p.ref === 'istio-system/deny-all')!;
    assert.match(meshWide.note ?? '', /mesh-wide/);
    // ... and verdicts say so in its title.
    assert.ok(
      workspace
        .notModelledFor('tools/debug[Deployment]')
        .some((e) => e.title === 'Istio AuthorizationPolicy istio-system/deny-all (mesh-wide)'),
    );
  });

  it('a Calico NetworkPolicy is not a Kubernetes NetworkPolicy: it isolates nothing in the model', () => {
    assert.deepEqual(workspace.networkPolicies(), []);
  });
});

describe('foreign policies in verdicts', () => {
  it('the star-wars demo: xwing -> deathstar names the CiliumNetworkPolicy on the deathstar ingress', () => {
    const verdict = explain(fixture('foreign-starwars'), 'default/xwing', 'default/deathstar');
    assert.equal(verdict.allowed, true);
    assert.deepEqual(
      verdict.notModelled.map((e) => [e.title, e.workload, e.direction, e.certain]),
      [['CiliumNetworkPolicy default/rule1', 'default/deathstar[Deployment]', 'ingress', true]],
    );
    assert.match(
      verdict.summary,
      /default\/deathstar\[Deployment\] is also governed by CiliumNetworkPolicy default\/rule1, which this analysis does not model: the cluster may decide differently\.$/,
    );
  });

  it('a policy governing only ingress is not named for the egress side', () => {
    const verdict = explain(fixture('foreign-starwars'), 'default/deathstar', 'default/xwing');
    assert.deepEqual(verdict.notModelled, []);
    assert.doesNotMatch(verdict.summary, /not model/);
  });

  it('the source side names policies governing its egress', () => {
    const ws = workspaceOf(
      documents(namespace('a'), pod('a/client', { app: 'client' }), pod('a/server', { app: 'server' })),
      `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: client-egress, namespace: a}
spec:
  selector: app == 'client'
  types: [Egress]
`,
    );
    const verdict = explain(ws, 'a/client', 'a/server');
    assert.deepEqual(
      verdict.notModelled.map((e) => [e.title, e.workload, e.direction]),
      [['Calico NetworkPolicy a/client-egress', 'a/client[Pod]', 'egress']],
    );
  });

  it('verdicts without foreign policies carry an empty list and the same summary as before', () => {
    const ws = workspaceOf(documents(pod('a/x', { app: 'x' }), pod('a/y', { app: 'y' })));
    const { analysis } = reach(ws);
    const from = resolveEndpoint(analysis, 'a/x');
    const to = resolveEndpoint(analysis, 'a/y');
    assert.ok(!('error' in from) && !('error' in to));
    const verdict = explainConnection(from, to);
    assert.deepEqual(verdict.notModelled, []);
    assert.equal(verdict.summary, 'a/x[Pod] may connect to a/y[Pod] on all ports.');
  });
});

describe('foreign policies in editor answers', () => {
  it("a NetworkPolicy's hover notes the selected workloads that other kinds also govern", () => {
    const ws = fixture('foreign-starwars');
    const text = policy('default/deathstar-ingress', 'podSelector: {matchLabels: {class: deathstar}}\npolicyTypes: [Ingress]');
    ws.setFile('file:///ws/np.yaml', text);
    const answer = hoverAt(ws, 'file:///ws/np.yaml', positionOf(text, 'deathstar-ingress'));
    assert.match(
      renderPlainText(answer!.blocks),
      /Note: default\/deathstar\[Deployment\] is also governed by CiliumNetworkPolicy default\/rule1, which this analysis does not model\./,
    );
  });

  it('CodeLens titles: selected count, not understood, nodes, and always "not modelled"', () => {
    const ws = fixture('foreign-kinds');
    const titles = (file: string) => foreignPolicyLenses(ws, `file:///ws/${file}`).map((lens) => lens.title);
    assert.deepEqual(titles('cilium.yaml'), [
      'selects 2 workloads · not modelled',
      'selects 1 workload · not modelled',
      'selects 0 workloads · selects nodes · not modelled',
    ]);
    assert.deepEqual(titles('calico.yaml'), [
      'selects 1 workload · not modelled',
      'selects 1 workload · not modelled',
      'selects 0 workloads · selector not understood · not modelled',
    ]);
  });
});

describe('foreign policies: copies in two files', () => {
  it('a CiliumNetworkPolicy kept in two folders is named once in the summary, and listed with both locations', () => {
    const cnp =
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: rule1, namespace: default}\nspec:\n  endpointSelector: {matchLabels: {class: deathstar}}\n  ingress: [{fromEndpoints: [{matchLabels: {org: empire}}]}]\n';
    const ws = workspaceOf(
      deployment('default/deathstar', { class: 'deathstar' }),
      pod('default/xwing', { org: 'alliance' }),
      cnp,
      cnp,
    );
    const verdict = explain(ws, 'default/xwing', 'default/deathstar');
    assert.equal(verdict.summary.match(/CiliumNetworkPolicy default\/rule1/g)?.length, 1);
    assert.equal(verdict.notModelled.length, 2);
  });
});
