// The live what-if over JSON-RPC: unsaved buffers against the saved files (read from disk by
// the server), or against git texts the client sends (netpol/setWhatIfBase), with causes at
// the edited rule, the CodeLens on the edited policy and netpol/whatIfChanged after a settle.
// Kubernetes semantics relied on (concepts/services-networking/network-policies): a pod
// selected by a policy with Ingress is isolated for ingress and accepts only what some rule
// allows; rules of the policies selecting it add up.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DiagnosticSeverity,
  DocumentDiagnosticRequest,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { SetWhatIfBaseRequest, WhatIfChangedNotification, WhatIfRequest, type WhatIfResult } from '../../server/src/protocol';
import { deployment, documents, policy } from '../builders';
import { startInFolder, type FolderServer } from './withServer';

const APPS = documents(
  deployment('shop/web', { app: 'web' }, ['http:8080']),
  deployment('shop/api', { app: 'api' }, ['http:9000']),
  deployment('shop/worker', { app: 'worker' }),
);

const rule = (app: string) => `- from: [{podSelector: {matchLabels: {app: ${app}}}}]\n  ports: [{port: 9000}]`;
/** api accepts web on 9000; `extra` adds rules (one per app) after it. */
const apiPolicy = (...extra: string[]) =>
  policy('shop/api-ingress', `podSelector: {matchLabels: {app: api}}\ningress:\n${[rule('web'), ...extra.map(rule)].join('\n')}`);

const FILES = { 'apps.yaml': APPS, 'policies/api.yaml': apiPolicy() };

const whatIfAfter = (server: FolderServer['server'], seen: number, predicate: (r: WhatIfResult) => boolean) =>
  server.notification<WhatIfResult>(WhatIfChangedNotification.method, predicate, seen);

const changeCount = (server: FolderServer['server']) => server.notifications.length;

describe('lsp what-if: unsaved edits against the saved files', () => {
  let shop: FolderServer;
  before(async () => {
    shop = await startInFolder(FILES);
    await shop.scanned();
  });
  after(() => shop.dispose());

  it('an unsaved edit that lets worker reach api reports it opened, caused by the new rule in the buffer', async () => {
    const uri = shop.uri('policies/api.yaml');
    await shop.server.open(uri, apiPolicy());
    const seen = changeCount(shop.server);
    const edited = apiPolicy('worker');
    await shop.server.change(uri, edited);
    const result = await whatIfAfter(shop.server, seen, (r) => r.summary.opened > 0);
    assert.equal(result.base.kind, 'saved');
    assert.deepEqual(result.overlay, [uri]);
    assert.deepEqual(
      result.changes.map((c) => `${c.kind} ${c.from} -> ${c.to} ${c.deltaText}`),
      ['opened shop/worker[Deployment] -> shop/api[Deployment] +TCP 9000'],
    );
    const cause = result.changes[0].causes.find((c) => c.version === 'after');
    assert.ok(cause, JSON.stringify(result.changes[0].causes));
    assert.equal(cause.policy, 'shop/api-ingress');
    assert.equal(cause.rule, 'ingress[1]');
    assert.equal(cause.location?.uri, uri);
    // The rule's item starts on the line of its `- from:` in the buffer.
    const ruleLine = edited.split('\n').findIndex((line) => line.includes('app: worker'));
    assert.equal(cause.location?.range.start.line, ruleLine);
  });

  it('the edited policy gets a CodeLens saying what the edit does', async () => {
    const uri = shop.uri('policies/api.yaml');
    const titles = (await shop.server.codeLens(uri))!.map((lens) => lens.command?.title);
    assert.ok(titles.includes('this edit: opens 1'), JSON.stringify(titles));
  });

  it('netpol/whatIf answers the same; an edit back to the saved text empties it, and the lens goes', async () => {
    const uri = shop.uri('policies/api.yaml');
    const now = await shop.server.request<WhatIfResult>(WhatIfRequest.method, {});
    assert.equal(now.summary.opened, 1);
    const seen = changeCount(shop.server);
    await shop.server.change(uri, apiPolicy());
    const result = await whatIfAfter(shop.server, seen, (r) => r.changes.length === 0);
    assert.deepEqual(result.overlay, []);
    const titles = (await shop.server.codeLens(uri))!.map((lens) => lens.command?.title);
    assert.ok(!titles.some((t) => t?.startsWith('this edit')), JSON.stringify(titles));
  });
});

describe('lsp what-if: bases the client chooses', () => {
  let shop: FolderServer;
  before(async () => {
    // On disk (and so in the index) the policy already admits worker; HEAD, as the client reads it, did not.
    shop = await startInFolder({ ...FILES, 'policies/api.yaml': apiPolicy('worker') });
    await shop.scanned();
  });
  after(() => shop.dispose());

  it('HEAD texts sent by the client are the base: the committed policy did not let worker in', async () => {
    const uri = shop.uri('policies/api.yaml');
    const result = await shop.server.request<WhatIfResult>(SetWhatIfBaseRequest.method, {
      base: { kind: 'head' },
      refs: [{ ref: 'HEAD', files: [{ uri, text: apiPolicy() }] }],
    } satisfies SetWhatIfBaseRequest.Params);
    assert.deepEqual(result.base, { kind: 'head', ref: 'HEAD', label: 'HEAD' });
    assert.deepEqual(
      result.changes.map((c) => `${c.kind} ${c.from} -> ${c.to}`),
      ['opened shop/worker[Deployment] -> shop/api[Deployment]'],
    );
  });

  it('the saved base has nothing to compare without unsaved edits; automatic falls back to HEAD', async () => {
    const saved = await shop.server.request<WhatIfResult>(SetWhatIfBaseRequest.method, { base: { kind: 'saved' } });
    assert.equal(saved.base.kind, 'saved');
    assert.equal(saved.changes.length, 0);
    const auto = await shop.server.request<WhatIfResult>(SetWhatIfBaseRequest.method, { base: { kind: 'auto' } });
    assert.equal(auto.base.kind, 'head');
    assert.equal(auto.summary.opened, 1);
  });

  it('a workload the HEAD text of its file lacks is an added peer', async () => {
    const uri = shop.uri('apps.yaml');
    const result = await shop.server.request<WhatIfResult>(SetWhatIfBaseRequest.method, {
      base: { kind: 'head' },
      refs: [
        {
          ref: 'HEAD',
          files: [
            {
              uri,
              text: documents(
                deployment('shop/web', { app: 'web' }, ['http:8080']),
                deployment('shop/api', { app: 'api' }, ['http:9000']),
              ),
            },
          ],
        },
      ],
    });
    const worker = result.changes.find((c) => c.from === 'shop/worker[Deployment]' && c.to === 'shop/api[Deployment]');
    assert.ok(worker, JSON.stringify(result.changes.map((c) => `${c.from} -> ${c.to}`)));
    assert.equal(worker.fromState, 'added');
  });

  it('a branch not sent yet is said to be unknown, not compared as empty', async () => {
    const result = await shop.server.request<WhatIfResult>(SetWhatIfBaseRequest.method, {
      base: { kind: 'ref', ref: 'main' },
      gitUnavailable: 'no git repository holds the workspace',
    });
    assert.equal(result.base.label, 'main');
    assert.equal(result.changes.length, 0);
    assert.match(result.notice ?? '', /main is not known: no git repository/);
  });
});

describe('lsp what-if: an edit that breaks an expectation', () => {
  const EXPECTATIONS = [
    'apiVersion: netpol-navigator.dev/v1alpha1',
    'kind: ReachabilityExpectations',
    'metadata: {name: shop}',
    'spec:',
    '  expectations:',
    '  - name: worker cannot reach api',
    '    from: shop/worker[Deployment]',
    '    to: shop/api[Deployment]',
    '    expect: denied',
    '',
  ].join('\n');
  let shop: FolderServer;
  before(async () => {
    shop = await startInFolder({ ...FILES, 'netpol-expectations.yaml': EXPECTATIONS });
    await shop.scanned();
  });
  after(() => shop.dispose());

  it('warns NPD004 at the rule that lets worker in, before save, pointing at the expectation; the lens counts it', async () => {
    const uri = shop.uri('policies/api.yaml');
    await shop.server.open(uri, apiPolicy());
    const seen = changeCount(shop.server);
    const edited = apiPolicy('worker');
    await shop.server.change(uri, edited);
    const result = await whatIfAfter(shop.server, seen, (r) => r.summary.expectationsBroken > 0);
    assert.deepEqual(
      result.expectations.map((e) => `${e.name}: ${e.before} -> ${e.after}`),
      ['worker cannot reach api: passed -> failed'],
    );
    const report = await shop.server.request<DocumentDiagnosticReport>(DocumentDiagnosticRequest.method, {
      textDocument: { uri },
    });
    assert.equal(report.kind, 'full');
    const items = report.kind === 'full' ? report.items : [];
    const ruleLine = edited.split('\n').findIndex((line) => line.includes('app: worker'));
    assert.deepEqual(
      items.map((d) => ({ code: d.code, severity: d.severity, line: d.range.start.line, message: d.message })),
      [
        {
          code: 'NPD004',
          severity: DiagnosticSeverity.Warning,
          line: ruleLine,
          message: "Breaks expectation 'worker cannot reach api' (netpol-expectations.yaml:6)",
        },
      ],
    );
    assert.deepEqual(items[0].relatedInformation?.[0].location.uri, shop.uri('netpol-expectations.yaml'));
    assert.equal(items[0].relatedInformation?.[0].location.range.start.line, 5);
    const titles = (await shop.server.codeLens(uri))!.map((lens) => lens.command?.title);
    assert.ok(titles.includes('this edit: opens 1 · breaks 1 expectation'), JSON.stringify(titles));
  });

  it('the warning goes when the edit is undone', async () => {
    const uri = shop.uri('policies/api.yaml');
    const seen = changeCount(shop.server);
    await shop.server.change(uri, apiPolicy());
    await whatIfAfter(shop.server, seen, (r) => r.expectations.length === 0);
    const report = await shop.server.request<DocumentDiagnosticReport>(DocumentDiagnosticRequest.method, {
      textDocument: { uri },
    });
    assert.deepEqual(report.kind === 'full' ? report.items : undefined, []);
  });
});
