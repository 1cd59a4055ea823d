// Calico's selector language, as the Calico reference documents it: "Selectors" in
// docs.tigera.io/calico/latest/reference/resources/networkpolicy (and globalnetworkpolicy).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calicoSelectorKeys, calicoSelectorMatches, parseCalicoSelector } from '../../server/src/engine/calicoSelector';

function matches(text: string, labels: Record<string, string>, namespaced = true): boolean {
  const parsed = parseCalicoSelector(text);
  assert.ok('selector' in parsed, `"${text}" should parse: ${'error' in parsed ? parsed.error.message : ''}`);
  return calicoSelectorMatches(parsed.selector, labels, namespaced);
}

function errorOf(text: string): { message: string; offset: number } {
  const parsed = parseCalicoSelector(text);
  assert.ok('error' in parsed, `"${text}" should not parse`);
  return parsed.error;
}

const web = { app: 'web', tier: 'frontend' };
const db = { app: 'db', tier: 'backend', 'pci.example.com/scope': 'yes' };

describe('Calico selectors', () => {
  it('all() and the empty selector select everything', () => {
    assert.equal(matches('all()', web), true);
    assert.equal(matches('', {}), true);
    assert.equal(matches('   ', web), true);
    assert.equal(matches(' all ( ) ', web), true);
  });

  it('global() selects only non-namespaced resources, never a pod', () => {
    assert.equal(matches('global()', web), false);
    assert.equal(matches('global()', {}, false), true);
  });

  it('== and != compare values; != also holds when the label is absent', () => {
    assert.equal(matches("app == 'web'", web), true);
    assert.equal(matches('app == "web"', db), false);
    assert.equal(matches("app != 'web'", db), true);
    assert.equal(matches("app != 'web'", web), false);
    assert.equal(matches("role != 'x'", web), true, 'absent label');
    assert.equal(matches("role == ''", web), false, 'absent is not the empty string');
  });

  it('has(k) and !has(k)', () => {
    assert.equal(matches('has(tier)', web), true);
    assert.equal(matches('has(pci.example.com/scope)', db), true);
    assert.equal(matches('!has(pci.example.com/scope)', web), true);
    assert.equal(matches('!has(tier)', web), false);
  });

  it('k in {...} and k not in {...}; not in holds when the label is absent', () => {
    assert.equal(matches("app in {'web', 'api'}", web), true);
    assert.equal(matches("app in {'api'}", web), false);
    assert.equal(matches('app in {}', web), false);
    assert.equal(matches("app not in {'db'}", web), true);
    assert.equal(matches("app not in {'web'}", web), false);
    assert.equal(matches("role not in {'x'}", web), true);
    assert.equal(matches("role in {'x'}", web), false);
  });

  it('contains, starts with, ends with need the label', () => {
    assert.equal(matches("app contains 'e'", web), true);
    assert.equal(matches("tier starts with 'front'", web), true);
    assert.equal(matches("tier ends with 'end'", db), true);
    assert.equal(matches("role contains ''", web), false);
  });

  it('! binds tighter than &&, && tighter than ||, parentheses group', () => {
    assert.equal(matches("app == 'db' || app == 'web' && tier == 'backend'", web), false);
    assert.equal(matches("app == 'db' || app == 'web' && tier == 'frontend'", web), true);
    assert.equal(matches("(app == 'db' || app == 'web') && tier == 'backend'", web), false);
    assert.equal(matches("!app == 'db' && has(tier)", web), true, '!(app == db) && has(tier)');
    assert.equal(matches("!(app == 'web' || app == 'db')", web), false);
    assert.equal(matches('!!has(app)', web), true);
    assert.equal(matches('((has(app)))', web), true);
  });

  it('lists the keys a selector reads', () => {
    const parsed = parseCalicoSelector("app == 'x' && !(has(b) || c in {'1'}) && all()");
    assert.ok('selector' in parsed);
    assert.deepEqual(calicoSelectorKeys(parsed.selector), ['app', 'b', 'c']);
  });

  it('a text it cannot read is an error with its offset, never a selector', () => {
    assert.deepEqual(errorOf("app = 'web'"), { message: 'unexpected character "="', offset: 4 });
    assert.equal(errorOf('app == web').offset, 7);
    assert.match(errorOf("app == 'web").message, /unterminated string/);
    assert.match(errorOf('(has(app)').message, /expected "\)"/);
    assert.match(errorOf('has(app) has(b)').message, /unexpected "has"/);
    assert.match(errorOf("app in {'a' 'b'}").message, /expected "," or "}"/);
    assert.match(errorOf('app').message, /expected an operator after "app"/);
    assert.match(errorOf('&& has(a)').message, /expected a label key/);
    assert.match(errorOf("app matches 'x'").message, /expected an operator/);
    assert.match(errorOf('has()').message, /label key in has\(\)/);
  });
});
