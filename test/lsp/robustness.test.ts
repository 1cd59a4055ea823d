// Hostile input must not take the server down: each garbage document gets
// diagnostics or an empty list, and the server still answers for the next document.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { SettingKeys } from '../../server/src/protocol';
import { yaml } from '../helpers';
import { withServer } from './withServer';

const header = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: garbage}\n';
const canary = yaml`
  apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata: {name: canary}
  spec: {}
`;

/** Deterministic "random" text: the same bytes on every run, so a failure can be replayed. */
function pseudoRandomText(length: number, seed: number): string {
  let state = seed;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += String.fromCharCode(state % 0xd800);
  }
  return text;
}

function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${header}spec:\n  podSelector: {}\n  ${lines.join('\n  ')}\n`;
}

describe('lsp robustness', () => {
  const server = withServer({}, { settings: { [SettingKeys.maxFileSize]: 100_000 } });
  let canaries = 0;

  afterEach(async () => {
    // The server still answers: a fresh document gets its diagnostics.
    const uri = `file:///workspace/canary-${++canaries}.yaml`;
    await server.open(uri, canary);
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP1701'],
    );
  });

  it('random characters as text', async () => {
    const uri = 'file:///workspace/random.yaml';
    await server.open(uri, pseudoRandomText(20_000, 7));
    const diagnostics = await server.diagnostics(uri);
    assert.ok(
      diagnostics.every((d) => typeof d.code === 'string' && d.code.startsWith('NP0')),
      JSON.stringify(diagnostics),
    );
  });

  it('random characters after a NetworkPolicy header: a syntax error or nothing, never a crash', async () => {
    const uri = 'file:///workspace/random-policy.yaml';
    await server.open(uri, header + pseudoRandomText(20_000, 11));
    const codes = (await server.diagnostics(uri)).map((d) => d.code);
    assert.ok(
      codes.every((code) => code === 'NP0001' || code === 'NP0005'),
      codes.join(', '),
    );
  });

  it('a 10,000-deep flow sequence', async () => {
    const uri = 'file:///workspace/deep.yaml';
    await server.open(uri, `${header}spec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const codes = (await server.diagnostics(uri)).map((d) => d.code);
    assert.ok(
      codes.every((code) => typeof code === 'string' && /^NP\d{4}$/.test(code)),
      codes.join(', '),
    );
  });

  it('an alias bomb ("billion laughs") is refused with NP0004', async () => {
    const uri = 'file:///workspace/bomb.yaml';
    await server.open(uri, aliasBomb(9));
    assert.ok((await server.diagnostics(uri)).some((d) => d.code === 'NP0004'));
  });

  it('a file over netpol.maxFileSize gets NP0002 on its first line only', async () => {
    const uri = 'file:///workspace/huge.yaml';
    const text = header + 'spec:\n  podSelector: {}\n' + '# padding padding padding padding\n'.repeat(10_000);
    await server.open(uri, text);
    const diagnostics = await server.diagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.end.line]),
      [['NP0002', 0, 0]],
    );
  });

  it('edits of a garbage document keep being answered', async () => {
    const uri = 'file:///workspace/garbage-edits.yaml';
    await server.open(uri, aliasBomb(9));
    await server.diagnostics(uri);
    await server.change(uri, `${header}spec: ${'{a: '.repeat(5_000)}`);
    await server.diagnostics(uri);
    await server.change(uri, canary);
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP1701'],
    );
  });
});
