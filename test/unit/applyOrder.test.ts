// The order `kubectl apply -f dir/` applies objects in, which decides which of two
// copies of one object a cluster ends up holding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareApplyOrder, describeWhere } from '../../server/src/engine/applyOrder';

const at = (uri: string, line = 0) => ({ uri, range: { start: { line, character: 0 }, end: { line, character: 1 } } });

describe('apply order (kubectl apply -f walks folders as filepath.Walk: entry by entry, lexically)', () => {
  it('a file in a folder comes before a sibling whose name sorts after the folder name, though "-" < "/"', () => {
    const sorted = [at('file:///ws/a-c.yaml'), at('file:///ws/a/b.yaml')].sort(compareApplyOrder);
    assert.deepEqual(
      sorted.map((o) => o.uri),
      ['file:///ws/a/b.yaml', 'file:///ws/a-c.yaml'],
    );
  });

  it('documents of one file are applied in order', () => {
    assert.ok(compareApplyOrder(at('file:///ws/a.yaml', 9), at('file:///ws/a.yaml', 2)) > 0);
  });

  it('percent-encoded paths are compared decoded', () => {
    assert.ok(compareApplyOrder(at('file:///ws/%C3%A9.yaml'), at('file:///ws/z.yaml')) > 0);
  });
});

describe('describeWhere: a place named from the file the message is shown in', () => {
  it('names a line of the same file as such', () => {
    assert.equal(describeWhere(at('file:///ws/a.yaml', 11), 'file:///ws/a.yaml'), 'line 12 of this file');
  });

  it('names a sibling by its file name and a 1-based line', () => {
    assert.equal(describeWhere(at('file:///ws/b.yaml', 0), 'file:///ws/a.yaml'), 'b.yaml:1');
  });

  it('names a file of another folder relative to this one, so the CLI and the editor print the same text', () => {
    assert.equal(describeWhere(at('file:///ws/ha/install.yaml', 4), 'file:///ws/base/install.yaml'), '../ha/install.yaml:5');
    assert.equal(describeWhere(at('file:///ws/base/x.yaml', 0), 'file:///ws/a.yaml'), 'base/x.yaml:1');
  });
});
