// The what-if's status bar text and the Reachability Changes view's rows, from a netpol/whatIf answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changeNodes, statusText, type ChangeNode } from '../../client/src/whatIf/changesModel';
import type { WhatIfCause, WhatIfChange, WhatIfResult } from '../../server/src/protocol';

const POLICY = 'file:///ws/shop/policies.yaml';
const at = (line: number) => ({ uri: POLICY, range: { start: { line, character: 4 }, end: { line, character: 20 } } });
const rule = (version: WhatIfCause['version'], name: string, line: number): WhatIfCause => ({
  version,
  side: 'ingress',
  policy: `shop/${name}`,
  rule: 'ingress[0]',
  description: `allows ... (${name})`,
  location: at(line),
});
const change = (kind: WhatIfChange['kind'], from: string, deltaText: string, causes: WhatIfCause[]): WhatIfChange => ({
  kind,
  from,
  to: 'shop/cart[Deployment]',
  before: 'none',
  after: 'none',
  added: 'none',
  removed: 'none',
  deltaText,
  fromState: 'persistent',
  toState: 'persistent',
  causes,
});

const RESULT: WhatIfResult = {
  version: 7,
  base: { kind: 'saved', label: 'saved' },
  overlay: [POLICY],
  summary: { opened: 2, closed: 1, widened: 0, narrowed: 0, changed: 0, unknown: 0, expectationsBroken: 1, expectationsFixed: 0 },
  changes: [
    change('opened', 'default/debug[Pod]', '+TCP 50051', [rule('after', 'cart-in', 82)]),
    change('closed', 'shop/frontend[Deployment]', '−TCP 50051', [rule('before', 'cart-from-frontend', 70)]),
    change('opened', 'shop/db[StatefulSet]#0', '+TCP 50051', [rule('after', 'cart-in', 82)]),
  ],
  expectations: [
    { id: 'no-debug', name: 'debug reaches nothing', before: 'passed', after: 'failed', causes: [rule('after', 'cart-in', 82)] },
  ],
};

const outline = (nodes: readonly ChangeNode[], depth = 0): string[] =>
  nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.label}${n.description ? `  ${n.description}` : ''}`,
    ...outline(n.children, depth + 1),
  ]);

describe('client what-if: status bar and Reachability Changes view', () => {
  it('the status bar counts each kind with its sign, and hides when nothing changed', () => {
    assert.equal(statusText(RESULT), 'Reach Δ vs saved: +2 −1 ✗1');
    assert.equal(
      statusText({ ...RESULT, summary: { ...RESULT.summary, opened: 0, closed: 0, expectationsBroken: 0 } }),
      undefined,
    );
    assert.equal(statusText(undefined), undefined);
  });

  it('broken expectations first, then kinds in order, pairs grouped by the rule of the deciding version, causes under pairs', () => {
    assert.deepEqual(outline(changeNodes(RESULT, (uri) => uri.replace('file:///ws/', ''))), [
      'Expectations broken  1',
      '  debug reaches nothing  passed → failed',
      '    now · ingress: shop/cart-in ingress[0]  shop/policies.yaml:83',
      'Opened  2',
      '  shop/cart-in ingress[0]  shop/policies.yaml:83',
      '    default/debug → shop/cart  +TCP 50051',
      '      now · ingress: shop/cart-in ingress[0]  shop/policies.yaml:83',
      '    shop/db#0 → shop/cart  +TCP 50051',
      '      now · ingress: shop/cart-in ingress[0]  shop/policies.yaml:83',
      'Closed  1',
      '  shop/cart-from-frontend ingress[0]  shop/policies.yaml:71 (base)',
      '    shop/frontend → shop/cart  −TCP 50051',
      '      base · ingress: shop/cart-from-frontend ingress[0]  shop/policies.yaml:71',
    ]);
  });

  it('a rule in the base opens read-only (base: true); one now opens in the buffer', () => {
    const nodes = changeNodes(RESULT, (uri) => uri);
    const closedGroup = nodes.find((n) => n.label === 'Closed')!.children[0];
    assert.equal(closedGroup.open?.base, true);
    const openedGroup = nodes.find((n) => n.label === 'Opened')!.children[0];
    assert.equal(openedGroup.open?.base, undefined);
  });
});
