// Position -> NetworkPolicy element, for each element kind the editor features use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementAt, type PolicyElement } from '../../server/src/engine/insight/policyElement';
import { policy } from '../builders';
import { caret, textAt, yaml } from '../helpers';
import { insightWorkspace } from './insightFixture';

const URI = 'file:///ws/edited.yaml';

function elementUnder(textWithCaret: string): { element: PolicyElement | undefined; text: string } {
  const { text, position } = caret(textWithCaret);
  return { element: elementAt(insightWorkspace({ [URI]: text }), URI, position), text };
}

describe('insight: the policy element under the cursor', () => {
  it('metadata.name value and key', () => {
    for (const marked of [
      policy('shop/web', '  podSelector: {}\n').replace('name: web', 'name: w|eb'),
      policy('shop/web', '  podSelector: {}\n').replace('name: web', 'na|me: web'),
    ]) {
      const { element, text } = elementUnder(marked);
      assert.equal(element?.kind, 'name');
      assert.equal(textAt(text, element.range), 'web');
    }
  });

  it('a matchLabels value of spec.podSelector, in flow style (caret inside the word)', () => {
    const { element, text } = elementUnder(policy('shop/web', '  podSelector:\n    matchLabels: {app: fro|ntend}\n'));
    assert.equal(element?.kind, 'podSelector');
    assert.deepEqual(
      element.part && element.part.kind === 'matchLabel' && [element.part.on, element.part.match.key, element.part.match.value],
      ['value', 'app', 'frontend'],
    );
    assert.equal(textAt(text, element.range), 'matchLabels: {app: frontend}');
  });

  it('a matchLabels key, and the podSelector key itself', () => {
    const onKey = elementUnder(policy('shop/web', '  podSelector:\n    matchLabels:\n      ti|er: web\n')).element;
    assert.ok(
      onKey?.kind === 'podSelector' &&
        onKey.part?.kind === 'matchLabel' &&
        onKey.part.on === 'key' &&
        onKey.part.match.key === 'tier',
    );
    const onField = elementUnder(policy('shop/web', '  podSel|ector:\n    matchLabels: {tier: web}\n')).element;
    assert.ok(onField?.kind === 'podSelector' && onField.part === undefined);
  });

  it('a matchExpressions item inside a peer podSelector that is ANDed with a namespaceSelector', () => {
    const { element } = elementUnder(
      policy(
        'shop/web',
        yaml`
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {team: infra}}
            podSelector:
              matchExpressions:
              - {key: app, operator: In, values: [prom-se|rver]}
      `.replace(/^/gm, '  '),
      ),
    );
    assert.ok(element?.kind === 'peer');
    assert.equal(element.selector, 'podSelector');
    assert.equal(element.peer.namespaceSelector?.selector.matchLabels[0]?.value, 'infra');
    assert.ok(element.part?.kind === 'expression' && element.part.requirement.key === 'app');
  });

  it('the peer item outside its selectors (after a colon) and a namespaceSelector', () => {
    const body = yaml`
      egress:
      - to:
        - namespaceSelector:| {}
        - namespaceSelector: {matchLabels: {te|am: infra}}
    `.replace(/^/gm, '  ');
    const first = elementUnder(policy('shop/web', body.replace('te|am', 'team'))).element;
    assert.ok(
      first?.kind === 'peer' && first.selector === undefined && first.rule.direction === 'egress' && first.peer.index === 0,
    );
    const second = elementUnder(policy('shop/web', body.replace(':| {}', ': {}'))).element;
    assert.ok(second?.kind === 'peer' && second.selector === 'namespaceSelector' && second.peer.index === 1);
  });

  it('a rule port', () => {
    const { element, text } = elementUnder(policy('shop/web', '  ingress:\n  - ports:\n    - port: ht|tp\n'));
    assert.ok(element?.kind === 'port');
    assert.equal(textAt(text, element.range), 'http');
  });

  it('nothing for policyTypes, for another kind of object, and outside any object', () => {
    assert.equal(elementUnder(policy('shop/web', '  policyTypes: [Ingr|ess]\n')).element, undefined);
    assert.equal(elementUnder('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c|fg\n').element, undefined);
  });
});
