// The server's one "workspace changed" signal (WorkspaceIndex.onDidSettle), in-process:
// once per settled burst, with lazily applied edits counted, versions that only grow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkspaceIndex, type WorkspaceSettled } from '../../server/src/lsp/workspaceIndex';
import { deployment as workload } from '../builders';

const SETTLE_MS = 10;
const QUIET_MS = 60;
const deployment = (app: string) => workload('shop/web', { app });

function listening(): { index: WorkspaceIndex; settled: WorkspaceSettled[] } {
  const index = new WorkspaceIndex({}, SETTLE_MS);
  const settled: WorkspaceSettled[] = [];
  index.onDidSettle((s) => settled.push(s));
  return { index, settled };
}

describe('lsp workspace index: the settled signal', () => {
  it('a burst of disk changes, edits and the scan completing settles once, with the edits applied', async () => {
    const { index, settled } = listening();
    index.setFile('file:///w/a.yaml', deployment('a'));
    index.setFile('file:///w/b.yaml', deployment('b'));
    let editor = deployment('c');
    index.documentChanged('file:///w/c.yaml', () => editor);
    editor = deployment('d');
    index.markScanned();
    await sleep(QUIET_MS);
    assert.equal(settled.length, 1);
    assert.equal(
      settled[0].workspace.manifest('file:///w/c.yaml')?.source.text,
      deployment('d'),
      'the edit as it is when settling',
    );
    assert.equal(settled[0].version, index.changes);
  });

  it('an edit alone settles, even when nobody asked for the workspace in between', async () => {
    const { index, settled } = listening();
    index.documentChanged('file:///w/a.yaml', () => deployment('a'));
    await sleep(QUIET_MS);
    assert.equal(settled.length, 1);
    assert.ok(settled[0].workspace.manifest('file:///w/a.yaml'));
  });

  it('an edit applied early by a request settles once, and an edit that changes nothing does not settle', async () => {
    const { index, settled } = listening();
    index.documentChanged('file:///w/a.yaml', () => deployment('a'));
    index.current();
    await sleep(QUIET_MS);
    assert.equal(settled.length, 1);
    index.documentChanged('file:///w/a.yaml', () => deployment('a'));
    index.removeFile('file:///w/never-indexed.yaml');
    await sleep(QUIET_MS);
    assert.equal(settled.length, 1);
  });

  it('answers changed by a setting, and a reset, settle with versions that only grow', async () => {
    const { index, settled } = listening();
    index.setFile('file:///w/a.yaml', deployment('a'));
    await sleep(QUIET_MS);
    index.answersChanged();
    await sleep(QUIET_MS);
    index.reset({ defaultNamespace: 'elsewhere' });
    await sleep(QUIET_MS);
    assert.equal(settled.length, 3);
    const versions = settled.map((s) => s.version);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(new Set(versions).size, 3);
  });

  it('an edit the engine fails on is reported, and the other changes of the burst still settle', async () => {
    const errors: unknown[] = [];
    const index = new WorkspaceIndex({}, SETTLE_MS, (error) => errors.push(error));
    const settled: WorkspaceSettled[] = [];
    index.onDidSettle((s) => settled.push(s));
    index.onDidSettle(() => {
      throw new Error('a failing listener');
    });
    index.onDidSettle((s) => settled.push(s));
    index.setFile('file:///w/disk.yaml', deployment('disk'));
    index.documentChanged('file:///w/open.yaml', () => {
      throw new Error('the engine failed on this text');
    });
    await sleep(QUIET_MS);
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ['the engine failed on this text', 'a failing listener'],
    );
    assert.equal(settled.length, 2, 'the listeners before and after the failing one heard of the disk change');
    assert.ok(settled[0].workspace.manifest('file:///w/disk.yaml'));
  });
});
