// Offsets <-> positions, for a whole file and for a document cut from one at a line start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../../server/src/engine/sourceText';

describe('SourceText', () => {
  it('counts lines across \\n, \\r\\n and lone \\r, characters in UTF-16 code units', () => {
    const source = new SourceText('a\r\nbb\rc\n😀x');
    assert.deepEqual(source.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(source.positionAt(6), { line: 2, character: 0 });
    assert.deepEqual(source.positionAt(10), { line: 3, character: 2 });
    assert.equal(source.offsetAt({ line: 3, character: 2 }), 10);
    assert.equal(source.offsetAt({ line: 9, character: 0 }), source.text.length);
  });

  it('places a text cut at a line start at the lines it had in its file (firstLine), both ways', () => {
    const file = new SourceText('kind: A\n---\nkind: B\nspec: {}\n');
    const start = file.offsetAt({ line: 2, character: 0 });
    const cut = new SourceText(file.text.slice(start), 2);
    for (let offset = 0; offset <= cut.text.length; offset++) {
      assert.deepEqual(cut.positionAt(offset), file.positionAt(start + offset));
      assert.equal(cut.offsetAt(cut.positionAt(offset)), offset);
    }
    assert.equal(cut.offsetAt({ line: 0, character: 5 }), 0, 'a line before the cut is its start');
  });
});
