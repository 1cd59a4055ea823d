// netpol/explain words each side's ports on the server (SideVerdict.allowedText),
// with the engine's wording, so that the client renders them and parses no ports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainRequest, ReachabilityRequest, WorkloadAtRequest, type ExplainResult } from '../../server/src/protocol';
import { yaml } from '../helpers';
import type { TestServer } from './lspClient';
import { withServer } from './withServer';

const manifests = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec: {template: {metadata: {labels: {app: web}}}}
  ---
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: api, namespace: shop}
  spec: {template: {metadata: {labels: {app: api}}}}
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: api-from-web, namespace: shop}
  spec:
    podSelector: {matchLabels: {app: api}}
    ingress:
    - from: [{podSelector: {matchLabels: {app: web}}}]
      ports: [{port: 80}, {port: 8080, endPort: 8090}, {protocol: UDP, port: 53}]
`;

const explain = async (server: TestServer, port?: string) =>
  (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
    from: 'shop/web',
    to: 'shop/api',
    port,
  })) as ExplainResult;

describe('lsp: netpol/explain words the ports of each side', () => {
  const server = withServer({ 'file:///ws/shop/all.yaml': manifests });

  it('an isolated side names its ports per protocol, an open side all ports', async () => {
    const verdict = await explain(server);
    assert.equal(verdict.ingress.allowedText, 'TCP 80, 8080-8090; UDP 53');
    assert.equal(verdict.egress.allowedText, 'all ports');
    assert.equal(verdict.portsText, verdict.ingress.allowedText);
  });

  it('a side allowing none of the asked port says so, and the open side names only the asked port', async () => {
    const verdict = await explain(server, '9999/TCP');
    assert.equal(verdict.ingress.allowedText, 'no ports');
    assert.equal(verdict.egress.allowedText, 'TCP 9999');
  });
});

// A client may send a request without params (vscode-jsonrpc then sends null), or with
// fields missing or of the wrong type: the answer is the one for an unknown ref.
describe('lsp: netpol/* requests with missing or wrong params', () => {
  const server = withServer({ 'file:///ws/shop/all.yaml': manifests });

  it('a request without params answers null or an error message, and the server goes on answering', async () => {
    assert.equal(await server.request(ReachabilityRequest.method), null);
    assert.equal(await server.request(WorkloadAtRequest.method), null);
    const answer = await server.request<ExplainRequest.Result>(ExplainRequest.method);
    assert.ok('error' in answer, JSON.stringify(answer));
    assert.equal((await explain(server)).ingress.allowedText, 'TCP 80, 8080-8090; UDP 53');
  });

  it('empty or wrongly typed fields answer as an unknown ref would: null, or an error message', async () => {
    assert.equal(await server.request(ReachabilityRequest.method, {}), null);
    assert.equal(await server.request(ReachabilityRequest.method, { workload: 42 }), null);
    const answer = await server.request<ExplainRequest.Result>(ExplainRequest.method, { from: 'shop/web' });
    assert.ok('error' in answer, JSON.stringify(answer));
  });
});
