// Answers asked before the first scan of the workspace has finished wait for it (bounded by
// SCAN_WAIT_MS), so they never describe half a workspace: issue 10 §3. The scan starts once the
// client has answered workspace/configuration; this client answers 500 ms late, as a busy editor may.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WorkloadsRequest } from '../../server/src/protocol';
import { deployment, policy } from '../builders';
import { startInFolder, type FolderServer } from './withServer';

const FILLER = 50;

function files(): Record<string, string> {
  const result: Record<string, string> = {
    'policies/web.yaml': policy('shop/web-in', 'podSelector:\n  matchLabels: {app: web}'),
    // Last in the walk: the scan reads it after every filler file.
    'zz/web.yaml': deployment('shop/web', { app: 'web' }),
  };
  for (let i = 0; i < FILLER; i++)
    result[`filler/f${String(i).padStart(4, '0')}.yaml`] = deployment(`other/f${i}`, { app: `f${i}` });
  return result;
}

describe('lsp: answers wait for the first workspace scan', () => {
  const started: FolderServer[] = [];
  after(async () => {
    for (const folder of started) await folder.dispose();
  });

  it('a hover asked right after start counts the workload the scan reads last, never "selects no workload"', async () => {
    const folder = await startInFolder(files(), { configurationDelayMs: 500 });
    started.push(folder);
    const uri = folder.uri('policies/web.yaml');
    await folder.server.open(uri, folder.read('policies/web.yaml'));
    const hover = await folder.server.hover(uri, { line: 6, character: 4 });
    const text = JSON.stringify(hover?.contents ?? '');
    assert.match(text, /1 workload/);
    assert.doesNotMatch(text, /no workload/i);
  });

  it('netpol/workloads asked right after start lists the whole workspace', async () => {
    const folder = await startInFolder(files(), { configurationDelayMs: 500 });
    started.push(folder);
    const result = await folder.server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    const count = result.namespaces.reduce((sum, namespace) => sum + namespace.workloads.length, 0);
    assert.equal(count, FILLER + 1);
  });
});
