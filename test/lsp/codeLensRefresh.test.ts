// CodeLens refreshes that no edit of an open document causes: a lens counts
// workloads of the whole workspace, so a workload written on disk, or the first
// scan reading the folders, must make the client ask for lenses again.
// No document is opened here: an open (or edit) would cause a refresh of its own.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { yaml } from '../helpers';
import { startServer, type TestServer } from './lspClient';

const FIXTURE = resolve(__dirname, '../fixtures/workspace-shop');
/** Longer than any of the server's debounces: refreshes caused before this have arrived by then. */
const QUIET_MS = 1000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startShop(): Promise<{
  dir: string;
  server: TestServer;
  uri(relative: string): string;
  scanned(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-lens-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const root = pathToFileURL(dir).href;
  const server = await startServer({ workspaceFolders: [root] });
  cleanups.push(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    server,
    uri: (relative) => `${root}/${relative}`,
    scanned: async () => void (await server.waitForLog((m) => m.message.startsWith('Indexed '), 'workspace scan')),
  };
}

const titles = async (server: TestServer, uri: string) => (await server.codeLens(uri))!.map((lens) => lens.command?.title);

describe('lsp codeLens: refreshes after changes no open document made', () => {
  it('the first folder scan completing asks the client to refresh, and lenses then count the workloads on disk', async () => {
    const shop = await startShop();
    await shop.scanned();
    // The server logs "Indexed" right after the scan completes: a refresh counted from here is one the completion caused.
    const atScan = shop.server.codeLensRefreshes;
    await shop.server.codeLensRefreshAfter(atScan);
    assert.deepEqual(await titles(shop.server, shop.uri('policies/frontend.yaml')), ['selects 1 workload · ingress from 1']);
  });

  it('a workload written on disk (workspace/didChangeWatchedFiles) asks the client to refresh, and the new count shows', async () => {
    const shop = await startShop();
    await shop.scanned();
    await sleep(QUIET_MS);
    const policy = shop.uri('policies/frontend.yaml');
    assert.deepEqual(await titles(shop.server, policy), ['selects 1 workload · ingress from 1']);
    const seen = shop.server.codeLensRefreshes;

    writeFileSync(
      join(shop.dir, 'apps/frontend-canary.yaml'),
      yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: frontend-canary, namespace: shop}
        spec:
          template:
            metadata:
              labels: {app: frontend}
      `,
    );
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/frontend-canary.yaml'), type: FileChangeType.Created }]);
    await shop.server.codeLensRefreshAfter(seen);
    assert.deepEqual(await titles(shop.server, policy), ['selects 2 workloads · ingress from 1']);
  });
});
