// What the Testing view shows of `netpol/expectations` (client/src/expectations/testModel.ts),
// from hand-written answers shaped as protocol.ts declares them: items per file and
// expectation, tags, file problems as the item's error, and the outcome of each status.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outcomeOf, planTestItems, portLines } from '../../client/src/expectations/testModel';
import type { ExpectationResult, ExpectationsRequest, ProtocolRange } from '../../server/src/protocol';

const FILE = 'file:///w/netpol-expectations.yaml';
const POLICY = 'file:///w/shop/policies.yaml';
const lines = (start: number, end: number): ProtocolRange => ({
  start: { line: start, character: 4 },
  end: { line: end, character: 20 },
});

const result = (over: Partial<ExpectationResult>): ExpectationResult => ({
  id: 'x',
  name: 'x',
  uri: FILE,
  range: lines(6, 10),
  expect: 'denied',
  tags: [],
  status: 'passed',
  message: '',
  pairs: { total: 31, violating: 0 },
  violations: [],
  errors: [],
  ...over,
});

const failedDenied = result({
  id: 'only-checkout-reaches-payment',
  name: 'only checkout reaches payment',
  range: lines(17, 21),
  tags: ['pci'],
  status: 'failed',
  code: 'NPT002',
  message: "Expectation 'only checkout reaches payment' failed: 2 of 31 pairs violate (expected: denied on all ports).",
  pairs: { total: 31, violating: 2 },
  violations: [
    {
      from: 'shop/frontend[Deployment]',
      to: 'shop/payment[Deployment]',
      expected: 'none',
      actual: [{ protocol: 'TCP', ports: [[50051, 50051]] }],
      expectedText: 'no ports',
      actualText: 'TCP 50051',
      explain: { from: 'shop/frontend[Deployment]', to: 'shop/payment[Deployment]', port: '50051/TCP' },
      reasons: [
        { side: 'egress', verdict: 'allowed', description: 'shop/frontend is not isolated for egress' },
        {
          side: 'ingress',
          verdict: 'allowed',
          policy: 'shop/allow-frontend-to-payment',
          rule: 'ingress[0]',
          description: 'NetworkPolicy shop/allow-frontend-to-payment allows by ingress rule #1',
          location: { uri: POLICY, range: lines(13, 13) },
        },
      ],
    },
  ],
});

const answer = (results: ExpectationResult[], files: ExpectationsRequest.Result['files'] = []): ExpectationsRequest.Result => ({
  version: 1,
  enabled: true,
  summary: { total: results.length, passed: 0, failed: 0, error: 0, skipped: 0 },
  files,
  results,
});

describe('Testing view items', () => {
  it('one item per file, a child per expectation in file order, tagged with expect and the user tags', () => {
    const planned = planTestItems(answer([failedDenied, result({ id: 'dns', name: 'DNS', expect: 'allowed' })]));
    assert.deepEqual(
      planned.map((f) => [f.id, f.error, f.children.map((c) => [c.id, c.label, c.range.start.line, c.tags])]),
      [
        [
          FILE,
          undefined,
          [
            [`${FILE}#dns`, 'DNS', 6, ['allowed']],
            [`${FILE}#only-checkout-reaches-payment`, 'only checkout reaches payment', 17, ['denied', 'pci']],
          ],
        ],
      ],
    );
  });

  it("a file's problems become its item's error; a file with only problems is listed; a repeated id stays apart", () => {
    const other = 'file:///w/broken/expectations.yaml';
    const planned = planTestItems(
      answer(
        [result({ id: 'same', name: 'first' }), result({ id: 'same', name: 'second', range: lines(12, 14) })],
        [
          { uri: FILE, problems: [] },
          {
            uri: other,
            problems: [
              { range: lines(3, 3), message: 'spec.expectations[0]: unknown field "expct"', code: 'NPT010', severity: 'error' },
            ],
          },
        ],
      ),
    );
    assert.deepEqual(
      planned.map((f) => [f.uri, f.error, f.children.map((c) => c.id)]),
      [
        [FILE, undefined, [`${FILE}#same`, `${FILE}#same~2`]],
        [other, 'line 4: spec.expectations[0]: unknown field "expct" (NPT010)', []],
      ],
    );
  });
});

describe('run outcomes', () => {
  it('failed: a message per witness at the expectation, frames at the expectation and the deciding rule', () => {
    const outcome = outcomeOf(failedDenied);
    assert.equal(outcome.state, 'failed');
    assert.equal(outcome.messages.length, 1);
    const [message] = outcome.messages;
    assert.deepEqual(message.location, { uri: FILE, range: lines(17, 21) });
    assert.equal(
      message.text,
      [
        failedDenied.message,
        'shop/frontend[Deployment] → shop/payment[Deployment]: expected no ports, actual TCP 50051',
        '  egress (allowed) shop/frontend is not isolated for egress',
        '  ingress (allowed) NetworkPolicy shop/allow-frontend-to-payment allows by ingress rule #1',
        '… and 1 more violating pair',
      ].join('\n'),
    );
    assert.equal(message.diff, undefined);
    assert.deepEqual(message.frames, [
      { label: 'expectation: only checkout reaches payment', location: { uri: FILE, range: lines(17, 21) } },
      { label: 'egress: shop/frontend is not isolated for egress' },
      { label: 'ingress: shop/allow-frontend-to-payment ingress[0]', location: { uri: POLICY, range: lines(13, 13) } },
    ]);
  });

  it('exactly: the ports as a diff, one protocol per line; witnesses capped', () => {
    const violation = {
      ...failedDenied.violations[0],
      expected: [{ protocol: 'TCP' as const, ports: [[5050, 5050] as [number, number]] }],
      expectedText: 'TCP 5050',
      actualText: 'TCP 5050; UDP 53',
    };
    const exactly = result({
      expect: 'exactly',
      status: 'failed',
      pairs: { total: 9, violating: 3 },
      violations: [violation, violation, violation],
    });
    const outcome = outcomeOf(exactly, 2);
    assert.equal(outcome.messages.length, 2);
    assert.deepEqual(outcome.messages[0].diff, { expected: 'TCP 5050', actual: 'TCP 5050\nUDP 53' });
    assert.match(outcome.messages[1].text, /… and 1 more violating pair$/);
    assert.equal(portLines('TCP 80, 443; UDP 53'), 'TCP 80, 443\nUDP 53');
  });

  it('error → errored with the reasons; skipped and passed carry no message', () => {
    const unknown = { message: 'no workload "shop/nope[Deployment]"', location: { uri: FILE, range: lines(8, 8) } };
    const errored = outcomeOf(result({ status: 'error', errors: [unknown], message: 'could not' }));
    // Frames at the expectation and where the error applies.
    assert.deepEqual(
      [errored.state, errored.messages.map((m) => [m.text, m.frames.map((f) => f.location?.range.start.line)])],
      ['errored', [['no workload "shop/nope[Deployment]"', [6, 8]]]],
    );
    assert.deepEqual(outcomeOf(result({ status: 'skipped', skipReason: 'later' })), { state: 'skipped', messages: [] });
    assert.deepEqual(outcomeOf(result({})), { state: 'passed', messages: [] });
  });
});
