// Reachability expectations over real JSON-RPC against the bundled server: `netpol/expectations`,
// `netpol/expectationsChanged` after an unsaved edit, diagnostics of expectations files (failed =
// Error on the expectation, not evaluable = Warning, schema problems on their exact range),
// the CodeLens above each expectation, hover on endpoints and completion in expectations files.
// Kubernetes facts relied on (concepts/services-networking/network-policies): a pod selected by
// an ingress policy accepts only what some rule allows ("Isolated and Non-isolated Pods"); a
// pod selected by none accepts everything; a rule's `ports` limit what it allows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, type CompletionItem, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { deployment, documents, namespace, policy } from '../builders';
import { yaml } from '../helpers';
import { CommandIds, ExpectationsChangedNotification, ExpectationsRequest } from '../../server/src/protocol';
import { withServer } from './withServer';

const WORKLOADS_URI = 'file:///workspace/shop/workloads.yaml';
const POLICIES_URI = 'file:///workspace/shop/policies.yaml';
const EXPECTATIONS_URI = 'file:///workspace/netpol-expectations.yaml';
const BROKEN_URI = 'file:///workspace/broken/expectations.yaml';

const WORKLOADS = documents(
  namespace('shop'),
  deployment('shop/frontend', { app: 'frontend' }, ['http:8080']),
  deployment('shop/checkout', { app: 'checkout' }, ['grpc:5050']),
  deployment('shop/payment', { app: 'payment' }, ['grpc:50051']),
);

const PAYMENT_FROM = '            app: checkout';
const policies = (paymentPeer: string) =>
  documents(
    policy(
      'shop/payment-ingress',
      yaml`
        podSelector:
          matchLabels:
            app: payment
        policyTypes: [Ingress]
        ingress:
        - from:
          - podSelector:
              matchLabels:
      ${paymentPeer}
          ports:
          - port: 50051
      `,
    ),
    policy(
      'shop/checkout-ingress',
      yaml`
        podSelector:
          matchLabels:
            app: checkout
        policyTypes: [Ingress]
        ingress:
        - from:
          - podSelector:
              matchLabels:
                app: frontend
          ports:
          - port: 5050
      `,
    ),
  );

const EXPECTATIONS = [
  'apiVersion: netpol-navigator.dev/v1alpha1',
  'kind: ReachabilityExpectations',
  'metadata:',
  '  name: shop',
  'spec:',
  '  expectations:',
  '  - name: frontend calls checkout', // line 6
  '    from: shop/frontend[Deployment]',
  '    to: shop/checkout[Deployment]',
  '    expect: allowed',
  '    ports: [5050]',
  '  - name: only checkout reaches payment', // line 11
  '    from: {namespace: shop, except: ["shop/checkout[Deployment]"]}',
  '    to: shop/payment[Deployment]',
  '    expect: denied',
  '  - name: checkout takes exactly gRPC from frontend', // line 15
  '    from: shop/frontend[Deployment]',
  '    to: shop/checkout[Deployment]',
  '    expect: exactly',
  '    ports: [5050/TCP]',
  '  - name: the cart is reached', // line 20
  '    from: shop/frontend[Deployment]',
  '    to: shop/cart[Deployment]',
  '    expect: allowed',
  '    ports: any',
  '',
].join('\n');

const BROKEN = [
  'apiVersion: netpol-navigator.dev/v1alpha1',
  'kind: ReachabilityExpectations',
  'metadata: {name: broken}',
  'spec:',
  '  expectations:',
  '  - name: typo',
  '    from: shop/frontend[Deployment]',
  '    to: shop/payment[Deployment]',
  '    expct: denied',
  '',
].join('\n');

const statusOf = (answer: ExpectationsRequest.Result) =>
  answer.results.map((r) => [r.name, r.status, r.pairs.violating, r.pairs.total]);

describe('lsp expectations', () => {
  const server = withServer({
    [WORKLOADS_URI]: WORKLOADS,
    [POLICIES_URI]: policies(PAYMENT_FROM),
    [EXPECTATIONS_URI]: EXPECTATIONS,
    [BROKEN_URI]: BROKEN,
  });
  const expectations = (uri?: string) =>
    server.request<ExpectationsRequest.Result>(ExpectationsRequest.method, uri === undefined ? {} : { uri });

  it('netpol/expectations: every result with LSP ranges and URIs, the summary, and each file with its problems', async () => {
    const answer = await expectations();
    assert.equal(answer.enabled, true);
    // Files in path order; payment to itself is no pair (a pod reaches itself whatever the policies).
    assert.deepEqual(statusOf(answer), [
      ['typo', 'error', 0, 0],
      ['frontend calls checkout', 'passed', 0, 1],
      ['only checkout reaches payment', 'passed', 0, 1],
      ['checkout takes exactly gRPC from frontend', 'passed', 0, 1],
      ['the cart is reached', 'error', 0, 0],
    ]);
    assert.deepEqual(answer.summary, { total: 5, passed: 3, failed: 0, error: 2, skipped: 0 });
    const first = answer.results[1];
    assert.deepEqual(
      [first.uri, first.range.start, first.expect, first.id],
      [EXPECTATIONS_URI, { line: 6, character: 4 }, 'allowed', 'frontend-calls-checkout'],
    );
    assert.deepEqual(
      answer.files.map((f) => [f.uri, f.name, f.problems.map((p) => p.code)]),
      [
        [BROKEN_URI, 'broken', ['NPT010', 'NPT010']],
        [EXPECTATIONS_URI, 'shop', []],
      ],
    );
    assert.deepEqual(statusOf(await expectations(BROKEN_URI)), [['typo', 'error', 0, 0]]);
    // As `netpol test --format json` gives them, each error where it applies: here the unknown ref.
    const cart = answer.results.find((r) => r.name === 'the cart is reached')!;
    assert.deepEqual(
      cart.errors.map((e) => [
        e.message.startsWith('unknown ref: no workload "shop/cart[Deployment]"'),
        e.location?.uri,
        e.location?.range.start,
      ]),
      [[true, EXPECTATIONS_URI, { line: 22, character: 8 }]],
    );
  });

  it('diagnostics: a schema problem on its exact range, an expectation not evaluable as a Warning on its first line', async () => {
    const broken = await server.eventuallyPublished(BROKEN_URI, (d) => d.some((x) => x.code === 'NPT010'), 'NPT010');
    const schema = broken.find((d) => d.message.startsWith('unknown field'))!;
    assert.deepEqual(
      [schema.range, schema.severity],
      [{ start: { line: 8, character: 4 }, end: { line: 8, character: 9 } }, DiagnosticSeverity.Error],
    );
    const published = await server.eventuallyPublished(EXPECTATIONS_URI, (d) => d.length > 0, 'NPT004');
    assert.deepEqual(
      published.map((d) => [d.code, d.severity, d.range]),
      [['NPT004', DiagnosticSeverity.Warning, { start: { line: 20, character: 4 }, end: { line: 20, character: 29 } }]],
    );
    assert.match(published[0].message, /shop\/cart\[Deployment\]/);
  });

  it('CodeLens: one above each expectation with its result', async () => {
    const lenses = (await server.codeLens(EXPECTATIONS_URI))!;
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [
        [6, '✓ 1 pair'],
        [11, '✓ 1 pair'],
        [15, '✓ 1 pair'],
        [20, '⚠ not evaluated'],
      ],
    );
  });

  it('an unsaved edit of a policy that breaks an expectation: notified, answered, an Error on it with the rule, and its CodeLens', async () => {
    const before = server.notifications.length;
    await server.change(POLICIES_URI, policies('            app: frontend'));
    try {
      const { version } = await server.notification<ExpectationsChangedNotification.Params>(
        ExpectationsChangedNotification.method,
        () => true,
        before,
      );
      const answer = await expectations();
      assert.ok(answer.version >= version);
      const failed = answer.results.find((r) => r.name === 'only checkout reaches payment')!;
      assert.deepEqual([failed.status, failed.pairs], ['failed', { total: 1, violating: 1 }]);
      assert.deepEqual(failed.code, 'NPT002');
      assert.deepEqual(
        failed.violations.map((v) => [v.from, v.to, v.expected, v.actualText, v.explain.port]),
        [['shop/frontend[Deployment]', 'shop/payment[Deployment]', 'none', 'TCP 50051', '50051/TCP']],
      );

      const published = await server.eventuallyPublished(EXPECTATIONS_URI, (d) => d.some((x) => x.code === 'NPT002'), 'NPT002');
      const error = published.find((d) => d.code === 'NPT002')!;
      assert.equal(error.severity, DiagnosticSeverity.Error);
      assert.deepEqual(error.range, { start: { line: 11, character: 4 }, end: { line: 11, character: 39 } });
      assert.match(error.message, /\nshop\/frontend\[Deployment\] -> shop\/payment\[Deployment\]: allowed TCP 50051$/);
      // The rule that lets frontend in: the payment policy's ingress rule #1, in the unsaved text.
      assert.deepEqual(
        error.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line]),
        [[POLICIES_URI, policies('').split('\n').indexOf('  - from:')]],
      );

      const lens = (await server.codeLens(EXPECTATIONS_URI))!.find((l) => l.range.start.line === 11)!;
      assert.equal(lens.command?.title, '✗ 1 of 1 pair · Explain');
      assert.equal(lens.command?.command, CommandIds.checkConnection);
      assert.deepEqual(lens.command?.arguments, [
        { from: 'shop/frontend[Deployment]', to: 'shop/payment[Deployment]', port: '50051/TCP' },
      ]);
    } finally {
      await server.change(POLICIES_URI, policies(PAYMENT_FROM));
    }
    await server.eventuallyPublished(EXPECTATIONS_URI, (d) => !d.some((x) => x.code === 'NPT002'), 'NPT002 gone');
  });

  it('hover on an endpoint: the workloads it resolves to, linked to their definitions', async () => {
    const hover = await server.hover(EXPECTATIONS_URI, { line: 12, character: 18 });
    const value = (hover!.contents as MarkupContent).value;
    assert.equal(
      value,
      [
        '**From namespace shop except shop/checkout\\[Deployment\\]**',
        '2 workloads:',
        [
          `- [shop/frontend (Deployment, 1 replica)](${WORKLOADS_URI}#L${documentLine(WORKLOADS, 'name: frontend')})`,
          `- [shop/payment (Deployment, 1 replica)](${WORKLOADS_URI}#L${documentLine(WORKLOADS, 'name: payment')})`,
        ].join('\n'),
      ].join('\n\n'),
    );
    const ref = await server.hover(EXPECTATIONS_URI, { line: 13, character: 12 });
    assert.match((ref!.contents as MarkupContent).value, /^\*\*To shop\/payment\\\[Deployment\\\]\*\*\n\n1 workload:/);
    // Elsewhere in the file (expect:), nothing: the YAML extension's hover shows.
    assert.equal(await server.hover(EXPECTATIONS_URI, { line: 14, character: 6 }), null);
  });

  it('completion in an expectations file: refs, namespaces, label keys and values, named ports of the destination', async () => {
    const typing = 'file:///workspace/typing.yaml';
    const lines = [
      'apiVersion: netpol-navigator.dev/v1alpha1',
      'kind: ReachabilityExpectations',
      'spec:',
      '  expectations:',
      '  - from: shop/fr', // 4
      '    to: {namespace: sh}', // 5
      '  - from: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: }}, podSelector: {matchLabels: {ap}}}', // 6
      '    to: shop/checkout[Deployment]',
      '    expect: allowed',
      '    ports: [gr]', // 9
      '',
    ];
    await server.open(typing, lines.join('\n'));
    const labels = (items: CompletionItem[] | null | { items: CompletionItem[] }) =>
      (Array.isArray(items) ? items : (items?.items ?? [])).map((i) => i.label);
    assert.deepEqual(labels(await server.completion(typing, { line: 4, character: 17 })), [
      'shop/checkout[Deployment]',
      'shop/frontend[Deployment]',
      'shop/payment[Deployment]',
    ]);
    const ref = (await server.completion(typing, { line: 4, character: 17 })) as CompletionItem[];
    assert.deepEqual(ref[1].textEdit, {
      range: { start: { line: 4, character: 10 }, end: { line: 4, character: 17 } },
      newText: '"shop/frontend[Deployment]"',
    });
    assert.ok(labels(await server.completion(typing, { line: 5, character: 22 })).includes('shop'));
    assert.ok(labels(await server.completion(typing, { line: 6, character: 74 })).includes('shop'));
    assert.ok(labels(await server.completion(typing, { line: 6, character: 108 })).includes('app'));
    assert.deepEqual(labels(await server.completion(typing, { line: 9, character: 13 })), ['grpc']);
    await server.close(typing);
  });
});

/** The 1-based line of the YAML document holding `needle` (links go to a workload's document). */
function documentLine(text: string, needle: string): number {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.includes(needle));
  let start = at;
  while (start > 0 && lines[start - 1] !== '---') start--;
  return start + 1;
}
