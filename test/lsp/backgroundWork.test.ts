// Work nobody waits for yet runs after the answers somebody waits for (lsp/requestActivity.ts):
// after an edit, the Reachability view asks again, one request after another (the namespaces,
// then the workloads of an open one, then an open workload's peers), each once the answer
// before it is shown. The what-if and the evaluation of every expectation must not land
// between two of them: on 5,000 workloads either costs hundreds of milliseconds of the server's
// one thread (issue 14: an unsaved edit reaches the view in 500 ms).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import {
  ExpectationsChangedNotification,
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ReachabilityRequest,
  ResultsChangedNotification,
  WhatIfChangedNotification,
} from '../../server/src/protocol';
import { deployment, documents, policy } from '../builders';
import { startInFolder, type FolderServer } from './withServer';

const apiPolicy = (from: string) =>
  policy(
    'shop/api-ingress',
    `podSelector: {matchLabels: {app: api}}\ningress:\n- from: [{podSelector: {matchLabels: {app: ${from}}}}]`,
  );

const FILES = {
  'apps.yaml': documents(deployment('shop/web', { app: 'web' }), deployment('shop/api', { app: 'api' })),
  'policies/api.yaml': apiPolicy('web'),
  'netpol-expectations.yaml': [
    'apiVersion: netpol-navigator.dev/v1alpha1',
    'kind: ReachabilityExpectations',
    'metadata: {name: shop}',
    'spec:',
    '  expectations:',
    '  - name: web calls api',
    '    from: shop/web[Deployment]',
    '    to: shop/api[Deployment]',
    '    expect: allowed',
    '',
  ].join('\n'),
};

/** The workbench's turn between two requests of one refresh (an answer shown, the next open node asked). */
const CLIENT_TURN_MS = 25;

describe('lsp background work: after the view has been answered', () => {
  let shop: FolderServer;
  before(async () => {
    shop = await startInFolder(FILES);
    await shop.scanned();
  });
  after(() => shop.dispose());

  it('the what-if and the expectations of an unsaved edit come after the chain of requests the view sends', async () => {
    const { server } = shop;
    const uri = shop.uri('policies/api.yaml');
    await server.open(uri, apiPolicy('web'));
    const seen = server.notifications.length;
    await server.change(uri, apiPolicy('nobody'));
    const { version } = await server.notification<{ version: number }>(ResultsChangedNotification.method, () => true, seen);
    // What the edit brings (earlier changes may still be answered meanwhile).
    const background = () =>
      server.notifications
        .slice(seen)
        .filter((n) => n.method === WhatIfChangedNotification.method || n.method === ExpectationsChangedNotification.method)
        .filter((n) => (n.params as { version: number }).version >= version)
        .map((n) => n.method);
    const chain: Array<() => Promise<unknown>> = [
      () => server.request(NamespacesRequest.method, { analysed: true }),
      () => server.request(NamespaceWorkloadsRequest.method, { namespace: 'shop' }),
      () => server.request(ReachabilityRequest.method, { workload: 'shop/api[Deployment]' }),
      () => server.request(ReachabilityRequest.method, { workload: 'shop/web[Deployment]' }),
      () => server.request(NamespacesRequest.method, { analysed: true }),
    ];
    for (const ask of chain) {
      await ask();
      assert.deepEqual(background(), [], 'nothing in the background ran while the view was being answered');
      await sleep(CLIENT_TURN_MS);
    }
    const whatIf = await server.notification<{ version: number; summary: { closed: number } }>(
      WhatIfChangedNotification.method,
      (r) => r.version >= version,
      seen,
    );
    assert.equal(whatIf.summary.closed, 1, 'web no longer reaches api');
    await server.notification<{ version: number }>(ExpectationsChangedNotification.method, (r) => r.version >= version, seen);
  });
});
