import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goString, isPlainObject, valueAt } from '../../server/src/engine/values';

describe('values: reading decoded YAML without trusting its shape', () => {
  it('valueAt follows own keys only: a label named constructor or __proto__ is not an inherited member', () => {
    assert.equal(valueAt({}, ['constructor']), undefined);
    assert.equal(valueAt({ metadata: {} }, ['metadata', 'toString']), undefined);
    assert.equal(valueAt({ metadata: { labels: { constructor: 'web' } } }, ['metadata', 'labels', 'constructor']), 'web');
  });

  it('valueAt indexes lists with numbers and objects with strings, and stops where the value has another shape', () => {
    const value = { spec: { ingress: [{ from: [{ podSelector: {} }] }] } };
    assert.deepEqual(valueAt(value, ['spec', 'ingress', 0, 'from', 0, 'podSelector']), {});
    assert.equal(valueAt(value, ['spec', 'ingress', '0']), undefined);
    assert.equal(valueAt(value, ['spec', 'ingress', 0, 'from', 'podSelector']), undefined);
    assert.equal(valueAt('text', ['length']), undefined);
  });

  it('goString reads as Go decodes a string field: null and absent are "", other types are skipped', () => {
    assert.equal(goString('web'), 'web');
    assert.equal(goString(null), '');
    assert.equal(goString(undefined), '');
    assert.equal(goString(1), undefined);
  });

  it('isPlainObject is a YAML mapping: not null, not a list', () => {
    assert.equal(isPlainObject({}), true);
    assert.equal(isPlainObject([]), false);
    assert.equal(isPlainObject(null), false);
  });
});
