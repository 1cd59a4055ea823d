// CodeLens over real JSON-RPC: one lens per policy with exact counts, a click
// command listing the workloads, and new answers (plus a refresh request) after
// a workload document is edited.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandIds, type ShowReachabilityArguments, type ShowReferencesArguments } from '../../server/src/protocol';
import { textAt } from '../helpers';
import { INSIGHT_FILES, NAMESPACES_URI, POLICIES, POLICIES_URI, SHOP, SHOP_URI } from '../unit/insightFixture';
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

  it('one lens per workload on its object: isolation, inbound and outbound peers (issue 14 §6)', async () => {
    const lenses = (await server.codeLens(SHOP_URI))!;
    assert.deepEqual(
      lenses.map((l) => [SHOP.split('\n')[l.range.start.line], l.command?.title]),
      [
        ['apiVersion: apps/v1', 'ingress isolated · 0 inbound · 5 outbound'],
        ['apiVersion: apps/v1', 'ingress & egress isolated · 2 inbound · 1 outbound'],
        ['apiVersion: apps/v1', 'ingress isolated · 0 inbound · 4 outbound'],
      ],
    );
  });

  it('clicking a workload lens reveals it in the Reachability view (netpol.showReachabilityAtCursor with its ref)', async () => {
    const lenses = (await server.codeLens(SHOP_URI))!;
    assert.deepEqual(
      lenses.map((l) => [l.command?.command, l.command?.arguments]),
      ['shop/frontend[Deployment]', 'shop/api[Deployment]', 'shop/db[StatefulSet]'].map((ref) => [
        CommandIds.showReachabilityAtCursor,
        [{ ref }] satisfies ShowReachabilityArguments,
      ]),
    );
  });

  it('no lenses in a document with neither policies nor workloads', async () => {
    assert.deepEqual(await server.codeLens(NAMESPACES_URI), []);
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
