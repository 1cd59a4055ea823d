// netpol/* requests over JSON-RPC against the bundled server, with open documents as the workspace.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExplainRequest,
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ReachabilityRequest,
  ResultsChangedNotification,
  SettingKeys,
  WorkloadAtRequest,
  WorkloadsRequest,
  type ExplainResult,
} from '../../server/src/protocol';
import { deployment, documents, policy } from '../builders';
import { caret } from '../helpers';
import { withServer } from './withServer';

const WORKLOADS_URI = 'file:///ws/shop/workloads.yaml';
const POLICIES_URI = 'file:///ws/shop/policies.yaml';

const workloads = documents(
  deployment('shop/web', { app: 'web' }, ['http:8080']),
  deployment('shop/api', { app: 'api' }, ['http:9000']),
);

const policyText = (port: string) =>
  documents(
    policy(
      'shop/api-from-web',
      `podSelector: {matchLabels: {app: api}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: ${port}}]`,
    ),
    policy('shop/broken', 'podSelector: {}\ningress: [{ports: [{port: 80800}]}]'),
  );

describe('lsp: netpol/* reachability requests', () => {
  const server = withServer({ [WORKLOADS_URI]: workloads, [POLICIES_URI]: policyText('http') });

  it('netpol/workloads lists namespaces with workloads, isolation per direction, and the left-out invalid policy', async () => {
    const result = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const shop = result.namespaces.find((ns) => ns.name === 'shop')!;
    assert.deepEqual(
      shop.workloads.map((w) => `${w.ref} in:${w.isolated.ingress} out:${w.isolated.egress}`),
      ['shop/api[Deployment] in:true out:false', 'shop/web[Deployment] in:false out:false'],
    );
    assert.equal(shop.workloads[0].location?.uri, WORKLOADS_URI);
    assert.deepEqual(
      result.leftOut.map((p) => p.policy),
      ['shop/broken'],
    );
    assert.match(result.leftOut[0].reason, /NP1302/);
  });

  it('netpol/namespaces answers the namespaces and their workload counts from the index, and the analysed counts when asked', async () => {
    const quick = await server.request<NamespacesRequest.Result>(NamespacesRequest.method, { analysed: false });
    assert.equal(quick.analysed, false);
    assert.deepEqual(quick.namespaces, [{ name: 'shop', workloads: 2 }]);
    assert.equal(quick.leftOut, undefined, 'the policies left out need the analysis');
    const analysed = await server.request<NamespacesRequest.Result>(NamespacesRequest.method, { analysed: true });
    assert.equal(analysed.analysed, true);
    // api is isolated for ingress only, web not at all: neither is isolated both ways.
    assert.deepEqual(analysed.namespaces, [{ name: 'shop', workloads: 2, notIsolated: 2 }]);
    assert.deepEqual(
      analysed.leftOut?.map((p) => p.policy),
      ['shop/broken'],
    );
    assert.equal(analysed.version, quick.version);
  });

  it('netpol/namespaceWorkloads gives the workloads of one namespace as netpol/workloads describes them', async () => {
    const all = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const shop = await server.request<NamespaceWorkloadsRequest.Result>(NamespaceWorkloadsRequest.method, { namespace: 'shop' });
    assert.deepEqual(shop.workloads, all.namespaces.find((ns) => ns.name === 'shop')!.workloads);
    const none = await server.request<NamespaceWorkloadsRequest.Result>(NamespaceWorkloadsRequest.method, {
      namespace: 'nowhere',
    });
    assert.deepEqual(none.workloads, []);
  });

  it('netpol/reachability gives inbound and outbound connections with ports resolved on the destination and the allowing rule', async () => {
    const result = await server.request<ReachabilityRequest.Result>(ReachabilityRequest.method, {
      workload: 'shop/api[Deployment]',
    });
    assert.ok(result);
    const fromWeb = result.inbound.find((c) => c.peer.ref === 'shop/web[Deployment]')!;
    assert.deepEqual(fromWeb.ports, [{ protocol: 'TCP', ports: [[9000, 9000]] }]);
    assert.equal(fromWeb.portsText, 'TCP 9000');
    assert.deepEqual(
      fromWeb.reasons.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`),
      ['shop/api-from-web ingress[0]'],
    );
    // Egress of api is open: every address outside the cluster, all ports.
    assert.ok(result.outbound.some((c) => c.peer.kind === 'external' && c.peer.ref === '0.0.0.0/0' && c.ports === 'all'));
    assert.equal(await server.request(ReachabilityRequest.method, { workload: 'shop/nope[Deployment]' }), null);
    // kubectl-like short refs name the one workload of that namespace and name.
    const short = await server.request<ReachabilityRequest.Result>(ReachabilityRequest.method, { workload: 'shop/api' });
    assert.equal(short?.workload.ref, 'shop/api[Deployment]');
    assert.equal(
      await server.request(ReachabilityRequest.method, { workload: '10.0.0.1' }),
      null,
      'an address is not a workload',
    );
  });

  it('netpol/explain explains both sides, and answers errors for unknown refs and ports', async () => {
    const verdict = (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'shop/web',
      to: 'shop/api',
      port: '9000/TCP',
    })) as ExplainResult;
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.egress.isolated, false);
    assert.deepEqual(
      verdict.ingress.isolatingPolicies.map((r) => r.policy),
      ['shop/api-from-web'],
    );
    const denied = (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'shop/web',
      to: 'shop/api',
      port: '8080',
    })) as ExplainResult;
    assert.equal(denied.allowed, false);
    const unknown = await server.request<ExplainRequest.Result>(ExplainRequest.method, { from: 'shop/wep', to: 'shop/api' });
    assert.ok('error' in unknown && /shop\/web\[Deployment\]/.test(unknown.error));
    const badPort = await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'shop/web',
      to: 'shop/api',
      port: 'http',
    });
    assert.ok('error' in badPort);
  });

  it('netpol/workloadAt finds the workload defined at a position, and the one workload a policy selects', async () => {
    const onWeb = caret(workloads.replace('name: web', 'name: w|eb')).position;
    assert.deepEqual(
      await server.request<WorkloadAtRequest.Result>(WorkloadAtRequest.method, { uri: WORKLOADS_URI, position: onWeb }),
      { ref: 'shop/web[Deployment]' },
    );
    const onPolicy = caret(policyText('http').replace('name: api-from-web', 'name: api-|from-web')).position;
    assert.deepEqual(
      await server.request<WorkloadAtRequest.Result>(WorkloadAtRequest.method, { uri: POLICIES_URI, position: onPolicy }),
      { ref: 'shop/api[Deployment]' },
    );
  });

  it('sends netpol/resultsChanged with a newer version after an edit, and answers change accordingly', async () => {
    const before = (await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method)).version;
    const seen = server.notifications.length;
    await server.change(POLICIES_URI, policyText('8080'));
    const changed = await server.notification<ResultsChangedNotification.Params>(
      ResultsChangedNotification.method,
      (p) => p.version > before,
      seen,
    );
    const result = await server.request<ReachabilityRequest.Result>(ReachabilityRequest.method, {
      workload: 'shop/api[Deployment]',
    });
    assert.equal(result!.version, changed.version);
    assert.deepEqual(result!.inbound.find((c) => c.peer.ref === 'shop/web[Deployment]')!.ports, [
      { protocol: 'TCP', ports: [[8080, 8080]] },
    ]);
  });
});

describe('lsp: results versions only grow', () => {
  const server = withServer();

  // A new default namespace rebuilds the index from scratch: its content version starts over.
  it('a rescan after netpol.defaultNamespace changed is announced with a newer version, and answers carry it', async () => {
    await server.open(WORKLOADS_URI, workloads);
    await server.open(POLICIES_URI, policyText('http'));
    const before = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const seen = server.notifications.length;
    await server.configure({ [SettingKeys.defaultNamespace]: 'elsewhere' });
    const changed = await server.notification<ResultsChangedNotification.Params>(
      ResultsChangedNotification.method,
      (p) => p.version > before.version,
      seen,
    );
    const after = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    assert.equal(after.version, changed.version);
    assert.deepEqual(
      after.namespaces.map((ns) => ns.name),
      before.namespaces.map((ns) => ns.name),
      'the same objects, all with their own namespace',
    );
  });
});

describe('lsp: reachability follows netpol.kubernetesVersion', () => {
  const server = withServer();

  it('leaves out a policy with host bits in its CIDR for 1.36 (rule B5, an error there) and analyses it for 1.35 (a warning)', async () => {
    const hostBits = policy(
      'shop/egress-hostbits',
      'podSelector: {}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 10.0.0.1/8}}]',
    );
    await server.open(WORKLOADS_URI, workloads);
    await server.open(POLICIES_URI, hostBits);
    const workloadsAnswer = () => server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const first = await workloadsAnswer();
    assert.deepEqual(
      first.leftOut.map((p) => p.policy),
      ['shop/egress-hostbits'],
    );
    const seen = server.notifications.length;
    await server.configure({ [SettingKeys.kubernetesVersion]: '1.35' });
    // The files did not change, the results did: the view is told so, with a newer version.
    const changed = await server.notification<ResultsChangedNotification.Params>(
      ResultsChangedNotification.method,
      (p) => p.version > first.version,
      seen,
    );
    const second = await workloadsAnswer();
    assert.equal(second.version, changed.version);
    assert.deepEqual(
      second.leftOut.map((p) => p.policy),
      [],
    );
  });
});

// Issue 10 §1.2/§1.3 from the editor's side: what the analysis dropped or could not read reaches the view.
describe('lsp: netpol/workloads names unreadable policies and those analysed without unknown fields', () => {
  const server = withServer({
    [WORKLOADS_URI]: workloads,
    'file:///ws/shop/stored.yaml': `${policy('shop/api-deny', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]')}status: {}\n`,
    'file:///ws/shop/unread.yaml': `${policy('shop/web-deny', 'podSelector: {}')}  policyTypes: [Ingress\n`,
  });

  it('lists the unreadable one as left out with its syntax error, and the one with `status` as adjusted; api is isolated', async () => {
    const result = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    assert.deepEqual(
      result.leftOut.map((p) => [p.policy, p.location.uri]),
      [['shop/web-deny', 'file:///ws/shop/unread.yaml']],
    );
    assert.match(result.leftOut[0].reason, /^not read: NP0001/);
    assert.deepEqual(
      result.adjusted?.map((p) => p.policy),
      ['shop/api-deny'],
    );
    const api = result.namespaces.find((ns) => ns.name === 'shop')?.workloads.find((w) => w.ref === 'shop/api[Deployment]');
    assert.equal(api?.isolated.ingress, true);
  });
});
