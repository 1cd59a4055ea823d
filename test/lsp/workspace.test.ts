// The workspace in the language server: folders scanned at start, files watched,
// open documents winning over disk, and the NP3xxx diagnostics that depend on it.
// Each test works on its own temporary copy of test/fixtures/workspace-shop.
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType, MessageType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { SettingKeys } from '../../server/src/protocol';
import { deployment, policy, service } from '../builders';
import { startServer } from './lspClient';
import { startInFolder, type FolderOptions, type FolderServer } from './withServer';

const FIXTURE = resolve(__dirname, '../fixtures/workspace-shop');

type Shop = FolderServer;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startShop(options: FolderOptions = {}): Promise<Shop> {
  const shop = await startInFolder(FIXTURE, options);
  cleanups.push(() => shop.dispose());
  return shop;
}

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

/** Opens the fixture policy as it is on disk and returns its first diagnostics. */
async function openPolicy(shop: Shop, relative = 'policies/frontend.yaml', text = shop.read(relative)): Promise<Diagnostic[]> {
  await shop.server.open(shop.uri(relative), text);
  return shop.server.diagnostics(shop.uri(relative));
}

/** A policy in shop selecting one app label; the uri need not exist on disk. */
const policySelecting = (app: string, namespace = 'shop') =>
  policy(`${namespace}/selects-${app}`, `podSelector:\n  matchLabels: {app: ${app}}`);

describe('lsp workspace: the initial scan', () => {
  it('finds the workloads of the workspace folder: the fixture policy is clean, a typo gets NP3001 with near misses', async () => {
    const shop = await startShop();
    await shop.scanned();
    assert.deepEqual(codes(await openPolicy(shop)), []);
    const typo = await openPolicy(shop, 'policies/typo.yaml', policySelecting('frontent'));
    assert.deepEqual(codes(typo), ['NP3001']);
    assert.equal(typo[0].severity, 2);
    assert.match(typo[0].message, /no workload has app=frontent; workloads in shop have app=frontend, app=cart/);
  });

  it('scans rootUri when the client sends no workspace folders', async () => {
    const shop = await startShop({ asRootUri: true });
    await shop.scanned();
    assert.deepEqual(codes(await openPolicy(shop, 'policies/other.yaml', policySelecting('cart'))), []);
  });

  it('reports progress (begin, end) when the client supports window.workDoneProgress, and logs the count', async () => {
    const shop = await startShop();
    await shop.scanned();
    await shop.server.waitForProgress((p) => p.value.kind === 'end', 'end of indexing');
    const kinds = shop.server.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    assert.ok(shop.server.progress.every((p) => shop.server.progressTokens.includes(p.token)));
    assert.ok(shop.server.progress.some((p) => p.value.kind === 'report' && /6\/6 files/.test(p.value.message ?? '')));
    const line = await shop.server.waitForLog((m) => m.message.startsWith('Indexed '));
    assert.equal(line.type, MessageType.Info);
    assert.match(line.message, /^Indexed 6 manifest file\(s\) in \d+ ms/);
  });

  it('sends no progress to a client without window.workDoneProgress', async () => {
    const shop = await startShop({ workDoneProgress: false });
    await shop.scanned();
    assert.deepEqual(shop.server.progressTokens, []);
    assert.deepEqual(shop.server.progress, []);
  });

  it("registers a watcher for yaml, yml and json files, and kustomize's extension-less Kustomization", async () => {
    const shop = await startShop();
    const registration = await shop.server.registration('workspace/didChangeWatchedFiles');
    assert.deepEqual(registration.registerOptions, {
      watchers: [{ globPattern: '**/{*.yaml,*.yml,*.json,*.YAML,*.YML,*.JSON,Kustomization}' }],
    });
  });

  // kustomize reads kustomization.yaml, kustomization.yml or Kustomization; its namespace transformer
  // sets the namespace of every resource listed (kubectl.docs.kubernetes.io kustomization/namespace).
  it('reads a file named Kustomization (no extension): its namespace applies to the resources it lists', async () => {
    const shop = await startShop();
    await shop.scanned();
    const worker = shop.uri('policies/worker.yaml');
    assert.deepEqual(
      codes(await openPolicy(shop, 'policies/worker.yaml', policySelecting('worker'))),
      ['NP3001'],
      'worker is in default',
    );
    writeFileSync(join(shop.dir, 'apps/Kustomization'), 'namespace: shop\nresources: [worker.yaml]\n');
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/Kustomization'), type: FileChangeType.Created }]);
    assert.deepEqual(codes(await shop.server.diagnostics(worker)), []);
    // A fresh scan reads it too.
    await shop.server.configure({ [SettingKeys.defaultNamespace]: 'elsewhere' });
    await shop.scanned(2);
    await shop.server.change(worker, policySelecting('worker') + '\n');
    assert.deepEqual(codes(await shop.server.diagnostics(worker)), []);
  });

  it('skips a binary file and a file over netpol.maxFileSize; the rest is indexed', async () => {
    const dirShop = await startShop({ settings: { [SettingKeys.maxFileSize]: 2048 } });
    await dirShop.scanned();
    writeFileSync(join(dirShop.dir, 'apps/binary.yaml'), Buffer.from([0x61, 0x70, 0x69, 0x00, 0x01, 0xff, 0x00]));
    writeFileSync(join(dirShop.dir, 'apps/big.yaml'), deployment('shop/big', { app: 'big' }) + `# ${'x'.repeat(4096)}\n`);
    await dirShop.server.changeWatchedFiles([
      { uri: dirShop.uri('apps/binary.yaml'), type: FileChangeType.Created },
      { uri: dirShop.uri('apps/big.yaml'), type: FileChangeType.Created },
    ]);
    assert.deepEqual(codes(await openPolicy(dirShop, 'policies/big.yaml', policySelecting('big'))), ['NP3001']);
    assert.deepEqual(codes(await openPolicy(dirShop)), []);
    // A fresh scan sees the same: both files skipped, no error logged.
    await dirShop.server.configure({ [SettingKeys.defaultNamespace]: 'elsewhere' });
    await dirShop.scanned(2);
    assert.match(
      dirShop.server.logs.filter((m) => m.message.startsWith('Indexed '))[1].message,
      /^Indexed 6 manifest file\(s\) .*\(2 skipped/,
    );
    assert.ok(!dirShop.server.logs.some((m) => m.type === MessageType.Error), 'no error logged');
  });
});

describe('lsp workspace: files changing on disk', () => {
  it('a workload edited on disk updates the open policy without reopening it', async () => {
    const shop = await startShop();
    await shop.scanned();
    const policy = shop.uri('policies/frontend.yaml');
    assert.deepEqual(codes(await openPolicy(shop)), []);

    writeFileSync(join(shop.dir, 'apps/frontend.yaml'), shop.read('apps/frontend.yaml').replace('app: frontend', 'app: web'));
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/frontend.yaml'), type: FileChangeType.Changed }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001']);

    writeFileSync(join(shop.dir, 'apps/frontend.yaml'), shop.read('apps/frontend.yaml').replace('app: web', 'app: frontend'));
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/frontend.yaml'), type: FileChangeType.Changed }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), []);
  });

  it('a named port removed on disk gives NP3003 on the policy port', async () => {
    const shop = await startShop();
    await shop.scanned();
    assert.deepEqual(codes(await openPolicy(shop)), []);
    writeFileSync(join(shop.dir, 'apps/frontend.yaml'), shop.read('apps/frontend.yaml').replace('name: http', 'name: web'));
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/frontend.yaml'), type: FileChangeType.Changed }]);
    const diagnostics = await shop.server.diagnostics(shop.uri('policies/frontend.yaml'));
    assert.deepEqual(codes(diagnostics), ['NP3003']);
    assert.match(diagnostics[0].message, /"http" over TCP; their TCP ports are named web/);
  });

  it('a deleted file leaves the index; created again, it is back', async () => {
    const shop = await startShop();
    await shop.scanned();
    const policy = shop.uri('policies/frontend.yaml');
    await openPolicy(shop);
    const saved = shop.read('apps/cart.yaml');
    rmSync(join(shop.dir, 'apps/cart.yaml'));
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/cart.yaml'), type: FileChangeType.Deleted }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3002']);
    writeFileSync(join(shop.dir, 'apps/cart.yaml'), saved);
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps/cart.yaml'), type: FileChangeType.Created }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), []);
  });

  it('a deleted folder arrives as one event for the folder; a rename is delete + create of the folder', async () => {
    const shop = await startShop();
    await shop.scanned();
    const policy = shop.uri('policies/frontend.yaml');
    await openPolicy(shop);

    renameSync(join(shop.dir, 'apps'), join(shop.dir, 'services'));
    await shop.server.changeWatchedFiles([{ uri: shop.uri('apps'), type: FileChangeType.Deleted }]);
    // frontend (selected) and cart (the peer) were both in apps/.
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001', 'NP3002']);
    await shop.server.changeWatchedFiles([{ uri: shop.uri('services'), type: FileChangeType.Created }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), []);

    rmSync(join(shop.dir, 'services'), { recursive: true });
    await shop.server.changeWatchedFiles([{ uri: shop.uri('services'), type: FileChangeType.Deleted }]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001', 'NP3002']);
  });
});

describe('lsp workspace: workspace folders added and removed', () => {
  it('an added folder is read and a removed one leaves the index; the other folders stay', async () => {
    const shop = await startShop();
    await shop.scanned();
    const extraDir = mkdtempSync(join(tmpdir(), 'netpol-workspace-extra-'));
    cleanups.push(async () => rmSync(extraDir, { recursive: true, force: true }));
    writeFileSync(join(extraDir, 'extra.yaml'), deployment('shop/extra', { app: 'extra' }));
    const extra = pathToFileURL(extraDir).href;
    const policy = shop.uri('policies/extra.yaml');
    assert.deepEqual(codes(await openPolicy(shop, 'policies/extra.yaml', policySelecting('extra'))), ['NP3001']);

    await shop.server.changeWorkspaceFolders([extra], []);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), []);
    await shop.server.changeWorkspaceFolders([], [extra]);
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001']);
    assert.deepEqual(codes(await openPolicy(shop, 'policies/cart.yaml', policySelecting('cart'))), []);
  });
});

describe('lsp workspace: open documents and disk', () => {
  // semantic-traps.md: policies see pod ports, never a Service's port.
  it('NP3010: a policy allowing a Service port (from an unsaved Service in another open file) is told the pod port', async () => {
    const shop = await startShop();
    await shop.scanned();
    await shop.server.open(
      shop.uri('apps/cart-service.yaml'),
      service('shop/cart', { app: 'cart' }, [{ port: 80, targetPort: 9000 }]),
    );
    // The expected range counts metadata as one line.
    const cartIn = policy('shop/cart-in', 'podSelector: {matchLabels: {app: cart}}\ningress:\n- ports: [{port: 80}]', {
      oneLineMetadata: true,
    });
    const diagnostics = await openPolicy(shop, 'policies/cart-in.yaml', cartIn);
    assert.deepEqual(codes(diagnostics), ['NP3010']);
    assert.deepEqual(diagnostics[0].range, { start: { line: 6, character: 19 }, end: { line: 6, character: 21 } });
    assert.match(diagnostics[0].message, /Service shop\/cart, which forwards it to port 9000 of its pods/);
  });

  it('unsaved content of an open workload wins over disk; closing it brings the disk content back', async () => {
    const shop = await startShop();
    await shop.scanned();
    const policy = shop.uri('policies/frontend.yaml');
    assert.deepEqual(codes(await openPolicy(shop)), []);

    const frontend = shop.uri('apps/frontend.yaml');
    await shop.server.open(frontend, shop.read('apps/frontend.yaml').replace('app: frontend', 'app: renamed'));
    await shop.server.diagnostics(frontend);
    await shop.server.change(policy, shop.read('policies/frontend.yaml') + '\n');
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001']);

    // A change on disk while the document is open does not override the editor.
    await shop.server.changeWatchedFiles([{ uri: frontend, type: FileChangeType.Changed }]);
    await shop.server.change(policy, shop.read('policies/frontend.yaml') + '\n\n');
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), ['NP3001']);

    await shop.server.close(frontend);
    await shop.server.change(policy, shop.read('policies/frontend.yaml'));
    assert.deepEqual(codes(await shop.server.diagnostics(policy)), []);
  });

  it('an open workload file with a label that is not a string gets NP3005', async () => {
    const shop = await startShop();
    await shop.scanned();
    const cart = shop.uri('apps/cart.yaml');
    await shop.server.open(cart, shop.read('apps/cart.yaml').replace('app: cart', 'app: yes'));
    const diagnostics = await shop.server.diagnostics(cart);
    assert.deepEqual(codes(diagnostics), ['NP3005']);
  });

  it('NP3011: a second copy of a NetworkPolicy on disk names the copy applied last, with a related location the editor links', async () => {
    const shop = await startShop();
    await shop.scanned();
    const copy = shop.uri('policies/zz-copy.yaml');
    await shop.server.open(copy, shop.read('policies/frontend.yaml'));
    const [duplicate] = await openPolicy(shop);
    assert.equal(duplicate.code, 'NP3011');
    assert.match(duplicate.message, /is defined again at zz-copy\.yaml:1, which is applied after this one/);
    assert.deepEqual(
      duplicate.relatedInformation?.map((r) => r.location.uri),
      [copy],
    );
    assert.deepEqual(codes(await shop.server.diagnostics(copy)), ['NP3011']);
  });
});

describe('lsp workspace: settings', () => {
  it('netpol.exclude keeps matching files out of the index', async () => {
    const shop = await startShop({ settings: { [SettingKeys.exclude]: ['apps/front*.yaml'] } });
    await shop.scanned();
    assert.deepEqual(codes(await openPolicy(shop)), ['NP3001']);
    assert.deepEqual(codes(await openPolicy(shop, 'policies/cart.yaml', policySelecting('cart'))), []);
  });

  it('files.exclude is respected too, and an exclude change rescans', async () => {
    const shop = await startShop({ settings: { 'files.exclude': { '**/vendor': true, '**/apps': false } } });
    await shop.scanned();
    const vendored = shop.uri('policies/vendored.yaml');
    assert.deepEqual(codes(await openPolicy(shop, 'policies/vendored.yaml', policySelecting('vendored'))), ['NP3001']);
    assert.deepEqual(codes(await openPolicy(shop)), []);
    await shop.server.configure({ 'files.exclude': {} });
    await shop.scanned(2);
    await shop.server.change(vendored, policySelecting('vendored') + '\n');
    assert.deepEqual(codes(await shop.server.diagnostics(vendored)), []);
  });

  it('netpol.defaultNamespace places objects without a namespace; a change rescans', async () => {
    const shop = await startShop();
    await shop.scanned();
    const worker = shop.uri('policies/worker.yaml');
    assert.deepEqual(codes(await openPolicy(shop, 'policies/worker.yaml', policySelecting('worker'))), ['NP3001']);
    await shop.server.configure({ [SettingKeys.defaultNamespace]: 'shop' });
    await shop.scanned(2);
    await shop.server.change(worker, policySelecting('worker') + '\n');
    assert.deepEqual(codes(await shop.server.diagnostics(worker)), []);
  });

  // A namespace name is an RFC 1123 label (kubernetes-validation-rules.md M6-M8): `Shop` or `shop/a` could name none.
  it('netpol.defaultNamespace that is not a namespace name is refused with a log warning; default stays in use', async () => {
    const shop = await startShop({ settings: { [SettingKeys.defaultNamespace]: 'Shop' } });
    await shop.scanned();
    await shop.server.waitForLogs(
      (m) => m.message.includes('Setting netpol.defaultNamespace has an invalid value "Shop"; using default.'),
      1,
      'the warning',
    );
    // The worker Deployment names no namespace: it is in `default`, where a policy of `default` selects it.
    assert.deepEqual(codes(await openPolicy(shop, 'policies/worker.yaml', policySelecting('worker', 'default'))), []);
  });

  it('netpol.workspaceDiagnostics.severity sets the severity of NP3xxx (error included), or turns them off', async () => {
    const shop = await startShop({ settings: { [SettingKeys.workspaceDiagnosticsSeverity]: 'hint' } });
    await shop.scanned();
    const typo = await openPolicy(shop, 'policies/typo.yaml', policySelecting('frontent'));
    assert.deepEqual(
      typo.map((d) => `${String(d.code)}:${d.severity}`),
      ['NP3001:4'],
    );
    await shop.server.configure({ [SettingKeys.workspaceDiagnosticsSeverity]: 'error' });
    const strict = await shop.server.diagnostics(shop.uri('policies/typo.yaml'));
    assert.deepEqual(
      strict.map((d) => `${String(d.code)}:${d.severity}`),
      ['NP3001:1'],
    );
    await shop.server.configure({ [SettingKeys.workspaceDiagnosticsSeverity]: 'off' });
    assert.deepEqual(await shop.server.diagnostics(shop.uri('policies/typo.yaml')), []);
  });

  it('a lone policy with no workload in the workspace gets no NP3xxx', async () => {
    const server = await startServer();
    cleanups.push(() => server.stop());
    const uri = 'file:///nowhere/lone.yaml';
    await server.open(uri, policySelecting('anything'));
    assert.deepEqual(await server.diagnostics(uri), []);
  });
});
