// netpol/explain words each side's ports on the server (SideVerdict.allowedText),
// with the engine's wording, so that the client renders them and parses no ports.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExplainRequest, type ExplainResult } from '../../server/src/protocol';
import { yaml } from '../helpers';
import { startServer, type TestServer } from './lspClient';

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

describe('lsp: netpol/explain words the ports of each side', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await server.open('file:///ws/shop/all.yaml', manifests);
  });
  after(() => server.stop());

  const explain = async (port?: string) =>
    (await server.request<ExplainRequest.Result>(ExplainRequest.method, {
      from: 'shop/web',
      to: 'shop/api',
      port,
    })) as ExplainResult;

  it('an isolated side names its ports per protocol, an open side all ports', async () => {
    const verdict = await explain();
    assert.equal(verdict.ingress.allowedText, 'TCP 80, 8080-8090; UDP 53');
    assert.equal(verdict.egress.allowedText, 'all ports');
    assert.equal(verdict.portsText, verdict.ingress.allowedText);
  });

  it('a side allowing none of the asked port says so, and the open side names only the asked port', async () => {
    const verdict = await explain('9999/TCP');
    assert.equal(verdict.ingress.allowedText, 'no ports');
    assert.equal(verdict.egress.allowedText, 'TCP 9999');
  });
});
