// NetworkPolicies written in a file but not read from it are named, never dropped in silence (issue 10 §1.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifest } from '../../server/src/engine/manifests';
import { unreadablePolicies } from '../../server/src/engine/unreadablePolicies';
import { Workspace } from '../../server/src/engine/workspace';
import { policy } from '../builders';

const unreadable = (text: string, maxFileSize?: number) =>
  unreadablePolicies(parseManifest('file:///ws/a.yaml', text, { maxFileSize })).map(({ range, name, namespace, reason }) => ({
    line: range.start.line,
    name,
    namespace,
    reason: reason.split(':')[0],
  }));

describe('unreadable NetworkPolicy documents', () => {
  it('a document with a YAML syntax error is named from its text, with the error that stopped it', () => {
    const broken =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-in\n  namespace: shop\nspec: {podSelector: {}\n';
    assert.deepEqual(unreadable(`${policy('shop/fine', 'podSelector: {}')}---\n${broken}`), [
      { line: 9, name: 'db-in', namespace: 'shop', reason: 'NP0001 at line 15' },
    ]);
  });

  it('an alias with no anchor (`*nosuch`) leaves its document unread; the flow-style name is seen', () => {
    const text =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in}\nspec:\n  podSelector:\n    matchLabels: *nosuch\n';
    assert.deepEqual(unreadable(text), [{ line: 1, name: 'web-in', namespace: undefined, reason: 'NP0001 at line 6' }]);
  });

  it('a label called "name" is not taken for the policy name; the name at metadata\'s own indentation is', () => {
    const text =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  labels:\n    name: wrong\n  name: right\nspec: [\n';
    assert.equal(unreadable(text)[0].name, 'right');
  });

  it('every policy of a file over the size limit is named, with NP0002', () => {
    const text = `${policy('shop/a', 'podSelector: {}')}---\n${policy('shop/b', 'podSelector: {}')}`;
    assert.deepEqual(
      unreadable(text, 100).map((p) => [p.name, p.reason]),
      [
        ['a', 'NP0002 at line 1'],
        ['b', 'NP0002 at line 1'],
      ],
    );
  });

  it('a file whose policies were all read has none, and a List item is not a document of its own', () => {
    assert.deepEqual(unreadable(policy('shop/a', 'podSelector: {}')), []);
    const list =
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: x}\n  spec: {podSelector: {}}\n';
    assert.deepEqual(unreadable(list), []);
  });
});

describe('unreadable NetworkPolicy documents in a workspace', () => {
  it('a Helm template is said to be a template, not listed as a policy that could not be read', () => {
    const ws = new Workspace();
    ws.setFile('file:///ws/chart/Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    ws.setFile(
      'file:///ws/chart/templates/np.yaml',
      `{{- if .Values.policies }}\n${policy('shop/a', 'podSelector: {}')}{{- end }}\n`,
    );
    ws.setFile('file:///ws/plain/go.yaml', `{{- if .Values.policies }}\n${policy('shop/b', 'podSelector: {}')}{{- end }}\n`);
    assert.deepEqual(ws.unreadablePolicies(), []);
  });
});
