// How locations read in the Reachability view's tooltips (client/src/reachability/sourceLinks.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeMarkdown, locationLabel, locationLink } from '../../client/src/reachability/sourceLinks';
import type { SourceRef } from '../../server/src/protocol';

describe('source links', () => {
  it('links a location to its 1-based line, encoding what would end the link target', () => {
    const location: SourceRef = {
      uri: 'file:///work/my%20dir/np%20(1).yaml',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    };
    assert.equal(locationLabel(location), 'np (1).yaml:1');
    assert.equal(locationLink(location), '[np \\(1\\).yaml:1](file:///work/my%20dir/np%20%281%29.yaml#L1)');
    assert.equal(escapeMarkdown('shop/web[Deployment]'), 'shop/web\\[Deployment\\]');
  });
});
