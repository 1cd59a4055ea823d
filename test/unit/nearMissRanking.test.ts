// Near misses ranked (issue 14 §6): a hover on a selector that matches nothing lists the closest few
// values, not the alphabet's first ("ns-0, ns-1 … and 190 more").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt, renderPlainText } from '../../server/src/engine/insight/hover';
import { compareNatural, rankedByCloseness } from '../../server/src/engine/validate/nearMisses';
import { editDistance } from '../../server/src/engine/validate/schema';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, documents, namespace, policy } from '../builders';
import { positionOf } from './insightFixture';

const NAMESPACES = Array.from({ length: 200 }, (_, i) => `ns-${i}`);

describe('near misses ranked by closeness', () => {
  it('fewest edits first, then the longest shared prefix, then natural order', () => {
    assert.deepEqual(rankedByCloseness(['ns-577'], NAMESPACES).slice(0, 5), ['ns-57', 'ns-77', 'ns-177', 'ns-5', 'ns-50']);
  });

  it('a typo of a name: the name first', () => {
    assert.deepEqual(rankedByCloseness(['frontnd'], ['api', 'cart', 'db', 'frontend', 'front-proxy']), [
      'frontend',
      'front-proxy',
      'api',
      'cart',
      'db',
    ]);
  });

  it('values like nothing written keep their natural order', () => {
    assert.deepEqual(rankedByCloseness(['prometheus'], ['web-10', 'web-2', 'api']), ['api', 'web-2', 'web-10']);
  });

  it('case is ignored when counting edits', () => {
    assert.deepEqual(rankedByCloseness(['Frontend'], ['db', 'frontend']), ['frontend', 'db']);
  });

  it('natural order: digit runs as numbers', () => {
    assert.deepEqual(['ns-10', 'ns-2', 'ns-1', 'a10b', 'a9b'].sort(compareNatural), ['a9b', 'a10b', 'ns-1', 'ns-2', 'ns-10']);
  });
});

describe('the hover of a selector that matches nothing, at 200 namespaces', () => {
  it('lists the closest few namespaces, then how many more', () => {
    const workspace = new Workspace();
    workspace.setFile('file:///w/namespaces.yaml', documents(...NAMESPACES.map((name) => namespace(name))));
    workspace.setFile('file:///w/apps.yaml', documents(...NAMESPACES.map((name) => deployment(`${name}/web`, { app: 'web' }))));
    // The label every namespace carries: https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name
    const text = policy(
      'ns-1/from-57',
      'podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels: {kubernetes.io/metadata.name: ns-577}',
    );
    workspace.setFile('file:///w/policy.yaml', text);
    const answer = hoverAt(workspace, 'file:///w/policy.yaml', positionOf(text, 'ns-577', 2));
    assert.ok(answer, 'a hover');
    const plain = renderPlainText(answer.blocks);
    assert.match(plain, /- kubernetes\.io\/metadata\.name: ns-57, ns-77, ns-177, ns-5, ns-50 and 195 more on namespaces/, plain);
  });
});

describe('editDistance (insert, delete, substitute, swap two neighbours)', () => {
  it('counts the edits between two names', () => {
    const cases: Array<[string, string, number]> = [
      ['', '', 0],
      ['', 'abc', 3],
      ['abc', '', 3],
      ['kube-system', 'kube-system', 0],
      ['kube-sytsem', 'kube-system', 1],
      ['kube-sytem', 'kube-system', 1],
      ['ab', 'ba', 1],
      ['podselctor', 'podSelector', 2],
      ['ns-10', 'ns-2', 2],
      ['matchLabel', 'matchLabels', 1],
    ];
    for (const [a, b, distance] of cases) assert.equal(editDistance(a, b), distance, `${a} -> ${b}`);
  });
});
