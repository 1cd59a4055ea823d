// Find references over real JSON-RPC: from a workload to every policy that
// selects it or admits it as a peer, across open documents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location } from 'vscode-languageserver-protocol/node';
import { textAt } from '../helpers';
import { INFRA, INFRA_URI, INSIGHT_FILES, POLICIES, POLICIES_URI, positionOf, SHOP, SHOP_URI } from '../unit/insightFixture';
import { withServer } from './withServer';

const summarize = (locations: Location[] | null): string[] =>
  (locations ?? []).map(
    (l) => `${l.uri.split('/').pop()}:${l.range.start.line}:${textAt(INSIGHT_FILES[l.uri] ?? '', l.range).split('\n')[0]}`,
  );

describe('lsp references', () => {
  const server = withServer(INSIGHT_FILES);

  it('from pod template labels: the ingress peer and egress peer of api-allow, and deny-all selecting it', async () => {
    const refs = await server.references(SHOP_URI, positionOf(SHOP, 'tier: web', 7), false);
    assert.deepEqual(summarize(refs), [
      `policies.yaml:${positionOf(POLICIES, '- podSelector:').line}:podSelector:`,
      `policies.yaml:${positionOf(POLICIES, '- podSelector:', 0, 1).line}:podSelector:`,
      `policies.yaml:${positionOf(POLICIES, 'podSelector: {}').line}:{}`,
    ]);
  });

  it('from metadata.name with includeDeclaration: the name first, then the selecting policy', async () => {
    const refs = await server.references(SHOP_URI, positionOf(SHOP, 'name: api', 7), true);
    assert.deepEqual(summarize(refs), [
      `shop.yaml:${positionOf(SHOP, 'name: api').line}:api`,
      `policies.yaml:${positionOf(POLICIES, 'app: api').line - 1}:matchLabels:`,
      `policies.yaml:${positionOf(POLICIES, 'podSelector: {}').line}:{}`,
    ]);
  });

  it('the AND peer admits prom-server in monitoring; a workload no policy reaches has none', async () => {
    assert.deepEqual(summarize(await server.references(INFRA_URI, positionOf(INFRA, 'app: prom-server', 6), false)), [
      `policies.yaml:${positionOf(POLICIES, '- namespaceSelector:').line}:namespaceSelector:`,
    ]);
    assert.deepEqual(await server.references(INFRA_URI, positionOf(INFRA, 'app: dns', 6), false), []);
  });

  it('null away from names and labels, and in policies', async () => {
    assert.equal(await server.references(SHOP_URI, positionOf(SHOP, 'replicas: 3', 2), true), null);
    assert.equal(await server.references(POLICIES_URI, positionOf(POLICIES, 'app: api', 6), true), null);
  });
});
