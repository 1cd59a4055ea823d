// Issue 14 §1: the workspace is read once at start-up, and the client hears how far the scan is
// (netpol/indexingProgress), so the Reachability view can say "Indexing 12 of 40 files…" instead
// of "No Kubernetes workloads found yet". VS Code's language client reports a settings change as
// soon as the server registers for them (vscode-languageclient, DidChangeConfigurationFeature.register);
// that change arrived before the first scan had read its settings and started a second scan.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { IndexingProgressNotification, WorkloadsRequest } from '../../server/src/protocol';
import { deployment, policy } from '../builders';
import { startInFolder, type FolderServer } from './withServer';

const WORKLOADS = 40;

function files(): Record<string, string> {
  const result: Record<string, string> = {
    'policies/web.yaml': policy('shop/web-in', 'podSelector:\n  matchLabels: {app: web}'),
  };
  for (let i = 0; i < WORKLOADS; i++)
    result[`apps/w${String(i).padStart(3, '0')}.yaml`] = deployment(`shop/w${i}`, { app: `w${i}` });
  return result;
}

const isIndexedLine = (m: { message: string }): boolean => m.message.startsWith('Indexed ');

describe('lsp: one scan at start-up, its progress told to the client', () => {
  const started: FolderServer[] = [];
  after(async () => {
    for (const folder of started) await folder.dispose();
  });

  it('a settings change reported on registration, before the first scan read its settings, does not scan again', async () => {
    // The late answer to workspace/configuration lets the change arrive before the first scan reads its settings.
    const folder = await startInFolder(files(), { settingsChangeOnRegistration: true, configurationDelayMs: 300 });
    started.push(folder);
    const { server } = folder;
    await folder.scanned();
    // Operations of the scanner run in order: once a file created after start-up is in the index,
    // any scan queued by that settings change has run before it.
    writeFileSync(join(folder.dir, 'late.yaml'), deployment('shop/late', { app: 'late' }));
    await server.changeWatchedFiles([{ uri: folder.uri('late.yaml'), type: FileChangeType.Created }]);
    await waitForWorkload(server, 'shop/late[Deployment]');
    assert.equal(server.logs.filter(isIndexedLine).length, 1, server.logs.map((m) => m.message).join('\n'));
    assert.equal(server.progress.filter((p) => p.value.kind === 'begin').length, 1);
    assert.equal(server.progress.filter((p) => p.value.kind === 'end').length, 1);
  });

  it('a settings change that alters what is scanned still scans again', async () => {
    const folder = await startInFolder(files());
    started.push(folder);
    await folder.scanned();
    await folder.server.configure({ 'netpol.exclude': ['apps/w000.yaml'] });
    await folder.scanned(2);
  });

  it('netpol/indexingProgress: the count of files while reading, then the end', async () => {
    const folder = await startInFolder(files());
    started.push(folder);
    const { server } = folder;
    const total = WORKLOADS + 1;
    const ended = await server.notification<IndexingProgressNotification.Params>(
      IndexingProgressNotification.method,
      (p) => !p.indexing,
    );
    assert.deepEqual(ended, { indexing: false, done: total, total });
    const during = server.notifications
      .filter((n) => n.method === IndexingProgressNotification.method)
      .map((n) => n.params as IndexingProgressNotification.Params);
    assert.deepEqual(during[0], { indexing: true, done: 0, total: 0 }, 'the first says the scan started, before any count');
    assert.ok(
      during.some((p) => p.indexing && p.total === total && p.done > 0),
      `a count of the ${total} files while reading; got ${JSON.stringify(during)}`,
    );
    assert.deepEqual(during.at(-1), ended, 'the end is the last');
  });
});

async function waitForWorkload(server: FolderServer['server'], ref: string): Promise<void> {
  for (;;) {
    const result = await server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
    if (result.namespaces.some((ns) => ns.workloads.some((w) => w.ref === ref))) return;
    const seen = server.notifications.length;
    await server.notification('netpol/resultsChanged', () => true, seen);
  }
}
