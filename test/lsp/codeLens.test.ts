// CodeLens over real JSON-RPC: one lens per policy with exact counts, a click
// command listing the workloads, and new answers (plus a refresh request) after
// a workload document is edited.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandIds, type ShowReferencesArguments } from '../../server/src/protocol';
import { textAt } from '../helpers';
import { INSIGHT_FILES, POLICIES, POLICIES_URI, SHOP, SHOP_URI } from '../unit/insightFixture';
import { withServer } from './withServer';

describe('lsp codeLens', () => {
  const server = withServer(INSIGHT_FILES);

  it('one lens per policy on its metadata.name, with selection and per-direction counts', async () => {
    const lenses = (await server.codeLens(POLICIES_URI))!;
    assert.deepEqual(
      lenses.map((l) => [textAt(POLICIES, l.range), l.command?.title]),
      [
        ['api-allow', 'selects 1 workload · ingress from 2 · egress to 2 +1 external'],
        ['deny-all', 'selects 3 workloads · ingress isolated'],
        ['typo', 'selects 0 workloads · ingress isolated'],
      ],
    );
  });

  it('clicking runs netpol.showReferences with the workload definitions (selected first, then peers)', async () => {
    const [lens] = (await server.codeLens(POLICIES_URI))!;
    assert.equal(lens.command?.command, CommandIds.showReferences);
    const [uri, position, locations] = lens.command.arguments as ShowReferencesArguments;
    assert.equal(uri, POLICIES_URI);
    assert.deepEqual(position, lens.range.start);
    assert.deepEqual(
      locations.map((l) => [l.uri.split('/').pop(), textAt(INSIGHT_FILES[l.uri], l.range).replace(/\s+/g, ' ')]),
      [
        ['shop.yaml', 'app: api tier: backend'],
        ['shop.yaml', 'app: frontend tier: web'],
        ['infra.yaml', '{app: prom-server}'],
        ['shop.yaml', 'app: db tier: data'],
      ],
    );
  });

  it('no lenses in a document without policies', async () => {
    assert.deepEqual(await server.codeLens(SHOP_URI), []);
  });

  it('an edit to a workload document changes the counts and asks the client to refresh', async () => {
    const refreshes = server.codeLensRefreshes;
    await server.change(SHOP_URI, SHOP.replace('app: frontend', 'app: storefront'));
    await server.codeLensRefreshAfter(refreshes);
    const titles = (await server.codeLens(POLICIES_URI))!.map((l) => l.command?.title);
    assert.equal(titles[0], 'selects 1 workload · ingress from 1 · egress to 2 +1 external');
    await server.change(SHOP_URI, SHOP);
    assert.equal(
      (await server.codeLens(POLICIES_URI))![0].command?.title,
      'selects 1 workload · ingress from 2 · egress to 2 +1 external',
    );
  });
});
