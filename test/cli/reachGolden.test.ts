// The reach JSON of a generated 2,000-workload workspace (bench/syntheticWorkspace.ts, seed 42:
// 80 namespaces × 25 workloads, 560 policies) is byte-identical to the output checked in
// (test/fixtures/golden/reach-2000.json.gz). Work on speed and memory (issue 12: streaming output,
// indexes for the workspace checks, explain without every pair) must not change one answer.
// After a deliberate change of the output, regenerate it with UPDATE_GOLDEN=1 and say why in the commit.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { generateSyntheticWorkspace } from '../../bench/syntheticWorkspace';
import { CLI_PATH, ensureBuilt } from './cliHarness';

const GOLDEN = join(__dirname, '..', 'fixtures', 'golden', 'reach-2000.json.gz');

describe('reach --format json on a generated 2,000-workload workspace', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    const synthetic = generateSyntheticWorkspace({ namespaces: 80, seed: 42 });
    assert.equal(synthetic.workloads, 2000);
    dir = mkdtempSync(join(tmpdir(), 'netpol-golden-'));
    for (const [uri, text] of synthetic.files) {
      const path = join(dir, fileURLToPath(uri).replace(/^\//, ''));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is byte-identical to the output checked in', () => {
    // Run from the workspace folder with a relative path: the paths in the answer do not depend on where it lies.
    const run = spawnSync(process.execPath, [CLI_PATH, 'reach', '.', '--format', 'json'], {
      cwd: dir,
      maxBuffer: 1 << 30,
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 0, run.stderr.toString());
    const output = run.stdout;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, gzipSync(output, { level: 9 }));
    const expected = gunzipSync(readFileSync(GOLDEN));
    if (Buffer.compare(output, expected) === 0) return;
    const got = output.toString('utf8').split('\n');
    const want = expected.toString('utf8').split('\n');
    const line = got.findIndex((text, i) => text !== want[i]);
    assert.fail(
      `reach JSON differs from the golden output (${output.length} bytes, expected ${expected.length}); first at line ${line + 1}:\n` +
        `  got:      ${got[line]}\n  expected: ${want[line]}`,
    );
  });
});
