import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EMPTY_SELECTOR,
  describeSelector,
  isEmptySelector,
  labelSelector,
  parseLabelSelector,
  requirementMatches,
  selectorMatches,
  type LabelSelector,
} from '../../server/src/engine/selectors';
import { validateManifest } from '../../server/src/engine/validate/index';
import { policy } from '../builders';
import { firstObject, manifest, textAt, yaml } from '../helpers';

/** Parses the `spec.podSelector` of a NetworkPolicy text, with ranges. */
function podSelectorOf(text: string): LabelSelector | undefined {
  const object = firstObject(text);
  return parseLabelSelector((object.value.spec as Record<string, unknown> | undefined)?.podSelector, {
    object,
    path: ['spec', 'podSelector'],
  });
}

const sel = (value: unknown): LabelSelector => {
  const parsed = parseLabelSelector(value);
  assert.ok(parsed, 'selector should be present');
  return parsed;
};

describe('selectors: parsing', () => {
  it('tells an absent selector (undefined, null: a nil pointer) from the empty selector {}', () => {
    assert.equal(parseLabelSelector(undefined), undefined);
    assert.equal(parseLabelSelector(null), undefined);
    const empty = sel({});
    assert.ok(isEmptySelector(empty));
  });

  it('reads `matchLabels:` with no value (null) as "no labels required" (semantic trap: Parsing)', () => {
    const selector = podSelectorOf(policy('p', 'podSelector:\n  matchLabels:'));
    assert.ok(selector && isEmptySelector(selector));
    assert.ok(selectorMatches(selector, { any: 'thing' }));
  });

  it('keeps source ranges of matchLabels keys and values and of each expression', () => {
    const text = policy(
      'p',
      'podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}',
    );
    const selector = podSelectorOf(text)!;
    assert.equal(
      textAt(text, selector.range!),
      '{matchLabels: {app: web}, matchExpressions: [{key: tier, operator: In, values: [a]}]}',
    );
    assert.equal(textAt(text, selector.matchLabels[0].keyRange!), 'app');
    assert.equal(textAt(text, selector.matchLabels[0].valueRange!), 'web');
    assert.equal(textAt(text, selector.matchExpressions[0].range!), '{key: tier, operator: In, values: [a]}');
  });

  it('makes a YAML 1.1 boolean label value (`app: yes`) an invalid selector that matches nothing, not the string "yes"', () => {
    const text = policy('p', 'podSelector: {matchLabels: {app: yes}}');
    const selector = podSelectorOf(text)!;
    assert.equal(selector.problems.length, 1);
    assert.equal(textAt(text, selector.problems[0].range!), 'yes');
    assert.equal(selectorMatches(selector, { app: 'yes' }), false);
    assert.equal(selectorMatches(selector, { app: 'true' }), false);
    assert.ok(selectorMatches(sel({ matchLabels: { app: 'yes' } }), { app: 'yes' }), 'the quoted value is the string');
  });

  it('rejects shapes LabelSelectorAsSelector refuses, without throwing: S3 (In/NotIn without values), S4 (Exists with values), S5 (bad operator)', () => {
    const invalid: unknown[] = [
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      { matchExpressions: [{ key: 'a', operator: 'NotIn' }] },
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      { matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] },
      { matchExpressions: [{ key: 'a' }] },
      { matchExpressions: [{ operator: 'Exists' }] },
      { matchExpressions: [{ key: 'a', operator: 'In', values: [1] }] },
      { matchExpressions: 'a=b' },
      { matchExpressions: ['x'] },
      { matchLabels: ['a'] },
      { matchLabels: { a: { b: 'c' } } },
      'app=web',
      42,
      [],
    ];
    for (const value of invalid) {
      const selector = sel(value);
      assert.ok(selector.problems.length > 0, JSON.stringify(value));
      assert.equal(selectorMatches(selector, { a: 'x' }), false, JSON.stringify(value));
      assert.equal(selectorMatches(selector, {}), false, JSON.stringify(value));
      assert.equal(describeSelector(selector), '<invalid>');
    }
  });

  it('names an operator of the wrong type by its type, never as [object Object]', () => {
    const message = (operator: unknown) => sel({ matchExpressions: [{ key: 'a', operator }] }).problems[0]?.message;
    assert.equal(message({ In: true }), 'a map is not a valid selector operator (In, NotIn, Exists, DoesNotExist).');
    assert.equal(message(1), 'number 1 is not a valid selector operator (In, NotIn, Exists, DoesNotExist).');
    assert.equal(message('in'), '"in" is not a valid selector operator (In, NotIn, Exists, DoesNotExist).');
    assert.equal(message(null), '"" is not a valid selector operator (In, NotIn, Exists, DoesNotExist).');
  });

  it('accepts Exists/DoesNotExist with `values: []` or null: only a non-empty list is forbidden (S4)', () => {
    assert.deepEqual(sel({ matchExpressions: [{ key: 'a', operator: 'Exists', values: [] }] }).problems, []);
    assert.deepEqual(sel({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: null }] }).problems, []);
  });

  // Go decodes JSON null into a string as "" (kubernetes-validation-rules.md §2 "Decoding"):
  // the API server accepts `app:` and `[~, web]`, so the selector is valid and matches app="".
  it('reads a null label value (`app:` with nothing after it, `~` in values) as "", like Go and the validator', () => {
    const text = policy(
      'test',
      yaml`
        podSelector:
          matchLabels:
            app:
          matchExpressions:
            - {key: tier, operator: In, values: [~, web]}
      `,
    );
    assert.deepEqual(validateManifest(manifest(text)), [], 'the API server accepts it');
    const selector = podSelectorOf(text)!;
    assert.deepEqual(selector.problems, []);
    assert.equal(describeSelector(selector), 'app=, tier in (,web)');
    assert.ok(selectorMatches(selector, { app: '', tier: '' }));
    assert.ok(selectorMatches(selector, { app: '', tier: 'web' }));
    assert.ok(!selectorMatches(selector, { tier: 'web' }), 'app="" is a value, not a missing label');
    assert.ok(!selectorMatches(selector, { app: 'web', tier: 'web' }));
  });
});

describe('selectors: matching with Kubernetes semantics', () => {
  it('the empty selector {} matches every label set, the empty one too (podSelector: {} selects all pods)', () => {
    assert.ok(selectorMatches(EMPTY_SELECTOR, {}));
    assert.ok(selectorMatches(sel({}), { app: 'web' }));
    assert.ok(selectorMatches(sel({ matchLabels: null, matchExpressions: null }), { app: 'web' }));
  });

  it('matchLabels needs every key with exactly that string value', () => {
    const selector = labelSelector({ app: 'web', tier: 'front' });
    assert.ok(selectorMatches(selector, { app: 'web', tier: 'front', extra: 'x' }));
    assert.ok(!selectorMatches(selector, { app: 'web' }));
    assert.ok(!selectorMatches(selector, { app: 'Web', tier: 'front' }), 'values are case-sensitive');
  });

  it('an empty-string value is a value: `app: ""` matches the label app="" and not a missing label', () => {
    const selector = labelSelector({ app: '' });
    assert.ok(selectorMatches(selector, { app: '' }));
    assert.ok(!selectorMatches(selector, {}));
  });

  it('In needs the key with one of the values', () => {
    const r = { key: 'tier', operator: 'In', values: ['a', 'b'] } as const;
    assert.ok(requirementMatches(r, { tier: 'b' }));
    assert.ok(!requirementMatches(r, { tier: 'c' }));
    assert.ok(!requirementMatches(r, {}));
  });

  it('NotIn matches pods WITHOUT the key, and pods whose value is not listed (semantic trap: Selection)', () => {
    const r = { key: 'tier', operator: 'NotIn', values: ['a'] } as const;
    assert.ok(requirementMatches(r, {}));
    assert.ok(requirementMatches(r, { tier: 'b' }));
    assert.ok(!requirementMatches(r, { tier: 'a' }));
  });

  it('Exists needs the key with any value; DoesNotExist matches pods without the key', () => {
    assert.ok(requirementMatches({ key: 'debug', operator: 'Exists', values: [] }, { debug: '' }));
    assert.ok(!requirementMatches({ key: 'debug', operator: 'Exists', values: [] }, {}));
    assert.ok(requirementMatches({ key: 'debug', operator: 'DoesNotExist', values: [] }, {}));
    assert.ok(!requirementMatches({ key: 'debug', operator: 'DoesNotExist', values: [] }, { debug: 'x' }));
  });

  it('ANDs matchLabels with matchExpressions (tools that ignore matchExpressions over-select)', () => {
    const selector = sel({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
    });
    assert.ok(selectorMatches(selector, { app: 'web' }));
    assert.ok(selectorMatches(selector, { app: 'web', env: 'dev' }));
    assert.ok(!selectorMatches(selector, { app: 'web', env: 'prod' }));
    assert.ok(!selectorMatches(selector, { env: 'dev' }));
  });

  it('a key in both matchLabels and matchExpressions must satisfy both (no clash check, like the API server)', () => {
    const selector = sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] });
    assert.deepEqual(selector.problems, []);
    assert.ok(!selectorMatches(selector, { app: 'web' }));
    assert.ok(!selectorMatches(selector, {}));
  });

  it('does not see inherited object properties as labels', () => {
    assert.ok(!selectorMatches(sel({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }), {}));
    assert.ok(selectorMatches(sel({ matchExpressions: [{ key: 'toString', operator: 'DoesNotExist' }] }), {}));
  });
});

describe('selectors: description in kubectl selector syntax', () => {
  it('sorts by key and values, writes =, in, notin, key and !key', () => {
    const selector = sel({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['b', 'a'] },
        { key: 'debug', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'canary', operator: 'Exists' },
      ],
    });
    assert.equal(describeSelector(selector), 'app=web, canary, !debug, env notin (prod), tier in (a,b)');
  });

  it('describes the empty selector as <all>, since it selects everything', () => {
    assert.equal(describeSelector(sel({})), '<all>');
  });
});
