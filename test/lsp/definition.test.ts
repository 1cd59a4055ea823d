// Go to definition over real JSON-RPC: from selectors, their labels and peers to
// the workloads they select, as LocationLinks (or Locations for older clients).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location, LocationLink } from 'vscode-languageserver-protocol/node';
import { textAt } from '../helpers';
import { INSIGHT_FILES, POLICIES, POLICIES_URI, positionOf, SHOP, SHOP_URI } from '../unit/insightFixture';
import { withServer } from './withServer';

const describeLink = (link: LocationLink): string[] => [
  link.targetUri.split('/').pop()!,
  textAt(INSIGHT_FILES[link.targetUri], link.targetSelectionRange).replace(/\s+/g, ' '),
];

describe('lsp definition', () => {
  const server = withServer(INSIGHT_FILES);

  it('from a matchExpressions value of an egress peer to both workloads it selects, with the origin range', async () => {
    const links = (await server.definition(POLICIES_URI, positionOf(POLICIES, 'values: [data', 10))) as LocationLink[];
    assert.deepEqual(links.map(describeLink), [
      ['shop.yaml', 'app: db tier: data'],
      ['shop.yaml', 'app: frontend tier: web'],
    ]);
    assert.equal(textAt(POLICIES, links[0].originSelectionRange!), '{key: tier, operator: In, values: [data, web]}');
    // targetRange is the whole object: the db StatefulSet starts at the third document.
    assert.equal(links[0].targetRange.start.line, positionOf(SHOP, 'apiVersion', 0, 2).line);
  });

  it('from spec.podSelector {} (the key itself) to every workload of the namespace', async () => {
    const links = (await server.definition(POLICIES_URI, positionOf(POLICIES, 'podSelector: {}', 3))) as LocationLink[];
    assert.deepEqual(
      links.map((l) => describeLink(l)[1]),
      ['app: api tier: backend', 'app: db tier: data', 'app: frontend tier: web'],
    );
  });

  it('an empty list for a selector that selects nothing; null outside selectors and in workloads', async () => {
    assert.deepEqual(await server.definition(POLICIES_URI, positionOf(POLICIES, 'app: fronted', 8)), []);
    assert.equal(await server.definition(POLICIES_URI, positionOf(POLICIES, 'cidr', 1)), null);
    assert.equal(await server.definition(SHOP_URI, positionOf(SHOP, 'app: frontend', 6)), null);
  });
});

describe('lsp definition for a client without LocationLink support', () => {
  const server = withServer(INSIGHT_FILES, { textDocument: { definition: { linkSupport: false } } });

  it('answers Locations on the pod labels', async () => {
    const locations = (await server.definition(POLICIES_URI, positionOf(POLICIES, '{app: frontend}', 3))) as Location[];
    assert.deepEqual(
      locations.map((l) => [l.uri, textAt(SHOP, l.range).replace(/\s+/g, ' ')]),
      [[SHOP_URI, 'app: frontend tier: web']],
    );
  });
});
