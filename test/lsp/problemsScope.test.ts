// Issue 14 §5: netpol.problems.scope. `workspace` (what `auto` means for a workspace of at most
// WORKSPACE_PROBLEMS_MAX_FILES manifest files) publishes the diagnostics of files never opened, as
// `netpol check` reports them; `openFiles` publishes for open documents only; switching to openFiles
// clears the closed files' diagnostics, and closing a document in scope workspace keeps its own.
// The server logs (debug) each pass, so a test can tell "nothing published" from "not yet".
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { FileChangeType, type LogMessageParams } from 'vscode-languageserver-protocol/node';
import { WORKSPACE_PROBLEMS_MAX_FILES } from '../../server/src/protocol';
import { deployment, documents, namespace, policy } from '../builders';
import { startInFolder, type FolderServer } from './withServer';

const EXAMPLES = resolve(__dirname, '../../examples');
const BROKEN = ['broken/api-errors.yaml', 'broken/lint-warnings.yaml', 'broken/malformed.yaml'];

const isPass = (m: LogMessageParams): boolean => /^Problems of \d+ closed file\(s\) checked/.test(m.message);
const isOpenFilesOnly = (m: LogMessageParams): boolean => m.message.startsWith('Problems are shown for open files only');

async function passes(folder: FolderServer, predicate: (m: LogMessageParams) => boolean, count: number): Promise<void> {
  await folder.server.waitForLogs(predicate, count, 'a pass over the closed files');
}

describe('lsp: netpol.problems.scope', () => {
  const started: FolderServer[] = [];
  const start = async (settings: Record<string, unknown> = {}): Promise<FolderServer> => {
    const folder = await startInFolder(EXAMPLES, { settings: { 'netpol.log.level': 'debug', ...settings } });
    started.push(folder);
    return folder;
  };
  after(async () => {
    for (const folder of started) await folder.dispose();
  });

  it('auto (a small workspace): the files of examples/broken have their problems without being opened, the same as when opened', async () => {
    const folder = await start();
    await passes(folder, isPass, 1);
    const closed = BROKEN.map((file) => folder.server.publishesOf(folder.uri(file)).at(-1)?.diagnostics ?? []);
    const total = closed.reduce((sum, diagnostics) => sum + diagnostics.length, 0);
    assert.ok(total > 20, `examples/broken has more than 20 findings; published ${total}`);
    for (const [i, file] of BROKEN.entries()) {
      assert.ok(closed[i].length > 0, `${file} has problems`);
      const uri = folder.uri(file);
      await folder.server.open(uri, folder.read(file));
      assert.deepEqual(await folder.server.diagnostics(uri), closed[i], `${file}: opened = not opened`);
    }
    // Files without findings get nothing, not even an empty publish.
    assert.equal(folder.server.publishesOf(folder.uri('shop/workloads.yaml')).length, 0);
  });

  it('openFiles: files never opened get no diagnostics', async () => {
    const folder = await start({ 'netpol.problems.scope': 'openFiles' });
    // Each settle (the scan's among them) starts a pass; in scope openFiles it publishes nothing.
    await folder.scanned();
    await passes(folder, isOpenFilesOnly, 1);
    for (const file of BROKEN) assert.equal(folder.server.publishesOf(folder.uri(file)).length, 0, file);
  });

  it('switching to openFiles clears the problems of closed files, not of open ones; back to workspace shows them again', async () => {
    const folder = await start({ 'netpol.problems.scope': 'workspace' });
    const { server } = folder;
    await passes(folder, isPass, 1);
    const open = folder.uri(BROKEN[1]);
    await server.open(open, folder.read(BROKEN[1]));
    const openDiagnostics = await server.diagnostics(open);
    assert.ok(openDiagnostics.length > 0);
    await server.configure({ 'netpol.problems.scope': 'openFiles' });
    for (const file of [BROKEN[0], BROKEN[2]])
      await server.eventuallyPublished(folder.uri(file), (d) => d.length === 0, `${file} cleared`);
    assert.ok((await server.diagnostics(open)).length > 0, 'the open document keeps its problems');
    await server.configure({ 'netpol.problems.scope': 'workspace' });
    for (const file of [BROKEN[0], BROKEN[2]])
      await server.eventuallyPublished(folder.uri(file), (d) => d.length > 0, `${file} shown again`);
  });

  it('workspace: closing a document keeps its problems (those of its file on disk)', async () => {
    const folder = await start({ 'netpol.problems.scope': 'workspace' });
    const { server } = folder;
    await passes(folder, isPass, 1);
    const uri = folder.uri(BROKEN[0]);
    await server.open(uri, folder.read(BROKEN[0]));
    const opened = await server.diagnostics(uri);
    const before = server.logs.filter(isPass).length;
    await server.close(uri);
    await passes(folder, isPass, before + 1);
    assert.deepEqual(server.publishesOf(uri).at(-1)!.diagnostics, opened);
    assert.ok(
      server.publishesOf(uri).every((p) => p.diagnostics.length > 0),
      'never an empty publish in between',
    );
  });

  it('workspace: a file fixed on disk is published again with its problems gone, and only it', async () => {
    const folder = await start({ 'netpol.problems.scope': 'workspace' });
    const { server } = folder;
    await passes(folder, isPass, 1);
    const counts = BROKEN.map((file) => server.publishesOf(folder.uri(file)).length);
    const before = server.logs.filter(isPass).length;
    writeFileSync(resolve(folder.dir, BROKEN[2]), policy('shop/fixed', 'podSelector: {}\npolicyTypes: [Ingress]'));
    await server.changeWatchedFiles([{ uri: folder.uri(BROKEN[2]), type: FileChangeType.Changed }]);
    await server.eventuallyPublished(folder.uri(BROKEN[2]), (d) => d.length === 0, 'malformed.yaml fixed');
    // The pass that published it has ended: every file was looked at again.
    await passes(folder, isPass, before + 1);
    assert.equal(server.publishesOf(folder.uri(BROKEN[0])).length, counts[0], 'api-errors.yaml: unchanged, not published again');
    assert.equal(
      server.publishesOf(folder.uri(BROKEN[1])).length,
      counts[1],
      'lint-warnings.yaml: unchanged, not published again',
    );
  });
});

describe('lsp: netpol.problems.scope workspace, after an edit', () => {
  let folder: FolderServer | undefined;
  after(() => folder?.dispose());
  const denyEgress = (ref: string) => policy(ref, 'podSelector: {}\npolicyTypes: [Egress]');
  const checkedAgain = (m: LogMessageParams) => Number(/\((\d+) checked again\)/.exec(m.message)?.[1]);

  it('checks again only the closed files with policies of the namespace of the edited policy file; after any other edit, all', async () => {
    folder = await startInFolder(
      {
        'a/workloads.yaml': documents(deployment('a/web', { app: 'web' }), namespace('a')),
        'a/deny.yaml': denyEgress('a/deny'),
        'a/allow.yaml': policy('a/web-in', 'podSelector: {matchLabels: {app: web}}\ningress: [{}]'),
        'b/workloads.yaml': documents(deployment('b/api', { app: 'api' }), namespace('b')),
        'b/deny.yaml': denyEgress('b/deny'),
      },
      { settings: { 'netpol.log.level': 'debug', 'netpol.problems.scope': 'workspace' } },
    );
    const { server } = folder;
    await passes(folder, isPass, 1);
    const denyA = folder.uri('a/deny.yaml');
    assert.match(JSON.stringify(server.publishesOf(denyA).at(-1)?.diagnostics), /NP2005/);
    const bPublishes = server.publishesOf(folder.uri('b/deny.yaml')).length;

    // A DNS egress policy beside the deny (policies are additive) answers its NP2005.
    const allow = folder.uri('a/allow.yaml');
    await server.open(allow, folder.read('a/allow.yaml'));
    const before = server.logs.filter(isPass).length;
    const dns = policy(
      'a/dns',
      'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]',
    );
    await server.change(allow, documents(folder.read('a/allow.yaml'), dns));
    await server.eventuallyPublished(denyA, (d) => !d.some((x) => x.code === 'NP2005'), 'a/deny.yaml without NP2005');
    await passes(folder, isPass, before + 1);
    assert.equal(checkedAgain(server.logs.filter(isPass).at(-1)!), 1, 'a/deny.yaml alone');
    assert.equal(server.publishesOf(folder.uri('b/deny.yaml')).length, bPublishes);

    // A workload edit can change any policy's findings: every closed file is checked again.
    const workloads = folder.uri('a/workloads.yaml');
    await server.open(workloads, folder.read('a/workloads.yaml'));
    const beforeWorkloadEdit = server.logs.filter(isPass).length;
    await server.change(workloads, documents(deployment('a/web', { app: 'web2' }), namespace('a')));
    await passes(folder, isPass, beforeWorkloadEdit + 1);
    assert.equal(checkedAgain(server.logs.filter(isPass).at(-1)!), 3, 'a/deny.yaml, b/workloads.yaml, b/deny.yaml');
  });
});

describe(`lsp: netpol.problems.scope auto above ${WORKSPACE_PROBLEMS_MAX_FILES} manifest files`, () => {
  let folder: FolderServer | undefined;
  after(() => folder?.dispose());

  it('means openFiles, and says so once in the log', async () => {
    const files: Record<string, string> = {
      'broken.yaml': policy('shop/bad', 'podSelector: {}\npolicyTypes: [Ingres]'),
    };
    for (let i = 0; i < WORKSPACE_PROBLEMS_MAX_FILES; i++) files[`cm/c${i}.yaml`] = `kind: ConfigMap\nmetadata:\n  name: c${i}\n`;
    folder = await startInFolder(files, { settings: { 'netpol.log.level': 'debug' }, timeoutMs: 30_000 });
    await folder.server.waitForLog((m) => m.message.includes('problems are shown for open files only'), 'the log line');
    await passes(folder, isOpenFilesOnly, 1);
    assert.equal(folder.server.publishesOf(folder.uri('broken.yaml')).length, 0);
    const uri = folder.uri('broken.yaml');
    await folder.server.open(uri, folder.read('broken.yaml'));
    assert.ok((await folder.server.diagnostics(uri)).length > 0, 'an open file still has its problems');
  });
});
