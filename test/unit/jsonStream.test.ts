// The CLI writes large JSON documents in pieces: the pieces joined must be exactly
// JSON.stringify(document, null, 2), whatever the document holds.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { jsonDocumentChunks } from '../../server/src/cli/formats/jsonStream';

function* generated(count: number): Generator<{ from: string; to: string; allowed: Record<string, number[][]> }> {
  for (let i = 0; i < count; i++) yield { from: `ns-${i}/a`, to: `ns-${i}/b\n"quoted"`, allowed: { TCP: [[i, i + 1]], UDP: [] } };
}

describe('jsonDocumentChunks', () => {
  it('joins to JSON.stringify(document, null, 2) for arrays, iterables, empty lists, strings with line breaks and nested values', () => {
    for (const count of [0, 1, 2, 1023, 1024, 1025, 3000]) {
      const fields: Array<[string, unknown]> = [
        ['workloads', [{ ref: 'a/b[Deployment]', labels: { app: 'x' } }]],
        ['connections', generated(count)],
        ['leftOut', []],
        ['notes', ['one\nline', 'two']],
        ['count', count],
        ['nothing', null],
      ];
      const expected = JSON.stringify(
        Object.fromEntries(fields.map(([key, value]) => [key, key === 'connections' ? [...generated(count)] : value])),
        null,
        2,
      );
      assert.equal([...jsonDocumentChunks(fields)].join(''), expected, `${count} connections`);
    }
  });

  it('writes an empty document as {}', () => {
    assert.equal([...jsonDocumentChunks([])].join(''), JSON.stringify({}, null, 2));
  });

  it('yields the items of a long list in several pieces, not as one string', () => {
    const pieces = [...jsonDocumentChunks([['items', generated(5000)]])];
    assert.ok(pieces.length >= 5, `${pieces.length} pieces`);
  });
});
