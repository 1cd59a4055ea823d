// Analysis contexts over JSON-RPC: netpol/contexts lists the contexts of netpol.contexts and
// the plain reading of every file, netpol/setContext chooses one (and refuses ids it never
// offered), netpol/renderStatus tells the status bar, and workspace trust arrives through
// initializationOptions and netpol/trustChanged. Root builds found by the index, and the
// default among them, are pinned in-process by analysisContextsModel.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { MessageType } from 'vscode-languageserver-protocol/node';
import {
  ContextsRequest,
  PLAIN_CONTEXT_ID,
  RenderStatusNotification,
  SetContextRequest,
  SettingKeys,
  TrustChangedNotification,
  type ContextSetting,
} from '../../server/src/protocol';
import { startServer } from './lspClient';
import { startInFolder, type FolderServer } from './withServer';

const TEAM_CONTEXTS: ContextSetting[] = [
  { name: 'prod', builds: ['overlays/prod', './charts/web/'], folders: ['policies'] },
  { name: 'dev', builds: ['overlays/dev'] },
];

const contextsOf = (folder: FolderServer) => folder.server.request<ContextsRequest.Result>(ContextsRequest.method);
const choose = (folder: FolderServer, id: string | undefined) =>
  folder.server.request<SetContextRequest.Result>(SetContextRequest.method, { id } satisfies SetContextRequest.Params);
const settingId = (folder: FolderServer, name: string) => `setting:${folder.root}#${name}`;

describe('lsp analysis contexts', () => {
  let folder: FolderServer;
  before(async () => {
    folder = await startInFolder({}, { settings: { [SettingKeys.contexts]: TEAM_CONTEXTS } });
    await folder.scanned();
  });
  after(() => folder.dispose());
  afterEach(async () => {
    await folder.server.configure({ [SettingKeys.contexts]: TEAM_CONTEXTS });
    await choose(folder, undefined);
  });

  it('lists the contexts of netpol.contexts with workspace-relative paths, then every file as it is; the default is the plain one while no build is known', async () => {
    const result = await contextsOf(folder);
    assert.deepEqual(
      result.contexts.map(({ id, label, builds, folders }) => ({ id, label, builds, folders })),
      [
        { id: settingId(folder, 'prod'), label: 'prod', builds: ['overlays/prod', 'charts/web'], folders: ['policies'] },
        { id: settingId(folder, 'dev'), label: 'dev', builds: ['overlays/dev'], folders: [] },
        { id: PLAIN_CONTEXT_ID, label: 'All plain folders (no rendering)', builds: [], folders: [] },
      ],
    );
    assert.equal(result.contexts[0].description, 'overlays/prod, charts/web, policies as it is (netpol.contexts)');
    assert.equal(result.active, PLAIN_CONTEXT_ID);
    assert.equal(result.defaultId, PLAIN_CONTEXT_ID);
    assert.equal(result.notice, undefined);
  });

  it('netpol/setContext makes a context active, tells the status bar (netpol/renderStatus), and undefined goes back to the default', async () => {
    const seen = folder.server.notifications.length;
    const prod = settingId(folder, 'prod');
    assert.equal((await choose(folder, prod)).active, prod);
    assert.equal((await contextsOf(folder)).active, prod);
    const status = await folder.server.notification<RenderStatusNotification.Params>(
      RenderStatusNotification.method,
      (params) => params.active === prod,
      seen,
    );
    assert.equal(status.state, 'idle');
    await folder.server.waitForLog((m) => m.message.startsWith('Analysis context: prod'), 'log of the context change');

    assert.equal((await choose(folder, undefined)).active, PLAIN_CONTEXT_ID);
  });

  it('refuses an id it never offered, with an error naming the id and the contexts offered; the active context stays', async () => {
    const dev = settingId(folder, 'dev');
    await choose(folder, dev);
    await assert.rejects(choose(folder, 'overlays/staging'), (error: Error) => {
      assert.match(error.message, /No analysis context has the id "overlays\/staging"/);
      assert.match(error.message, /prod; dev; All plain folders \(no rendering\)/);
      assert.match(error.message, /NetworkPolicy: Pick Analysis Context/);
      return true;
    });
    assert.equal((await contextsOf(folder)).active, dev);
  });

  it('follows netpol.contexts: a context removed from the setting falls back to the default, with a notice', async () => {
    await choose(folder, settingId(folder, 'dev'));
    await folder.server.configure({ [SettingKeys.contexts]: [TEAM_CONTEXTS[0]] });
    const result = await contextsOf(folder);
    assert.deepEqual(
      result.contexts.map((context) => context.label),
      ['prod', 'All plain folders (no rendering)'],
    );
    assert.equal(result.active, PLAIN_CONTEXT_ID);
    assert.match(result.notice ?? '', /chosen before is not in this workspace any more; showing All plain folders/);
  });

  it('skips the entries of netpol.contexts it cannot read, each with one warning', async () => {
    await folder.server.configure({
      [SettingKeys.contexts]: [
        { name: 'no builds' },
        { name: '', builds: [] },
        { name: 'ok', builds: ['a'] },
        { name: 'ok', builds: ['b'] },
      ],
    });
    assert.deepEqual(
      (await contextsOf(folder)).contexts.map((context) => context.label),
      ['ok', 'All plain folders (no rendering)'],
    );
    const warnings = folder.server.logs.filter((m) => m.type === MessageType.Warning && m.message.includes(SettingKeys.contexts));
    assert.ok(warnings.some((m) => m.message.includes('"no builds"')));
    assert.ok(warnings.some((m) => m.message.includes('another context is named "ok"')));
  });
});

describe('lsp analysis contexts: the choice of an earlier session', () => {
  it('initializationOptions.analysisContext makes that context active once the settings offer it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-contexts-'));
    const root = pathToFileURL(dir).href;
    const server = await startServer({
      settings: { [SettingKeys.contexts]: TEAM_CONTEXTS },
      workspaceFolders: [root],
      initializationOptions: { analysisContext: `setting:${root}#dev` },
    });
    try {
      const result = await server.request<ContextsRequest.Result>(ContextsRequest.method);
      assert.equal(result.active, `setting:${root}#dev`);
      assert.equal(result.defaultId, PLAIN_CONTEXT_ID);
      assert.equal(result.notice, undefined);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lsp workspace trust', () => {
  it('untrusted: renderStatus says rendering is off and why; netpol/trustChanged turns it back on', async () => {
    const folder = await startInFolder({}, { initializationOptions: { workspaceTrusted: false } });
    try {
      const off = await folder.server.notification<RenderStatusNotification.Params>(RenderStatusNotification.method);
      assert.equal(off.state, 'off');
      assert.match(off.detail ?? '', /trust this workspace/);
      const seen = folder.server.notifications.length;
      await folder.server.connection.sendNotification(TrustChangedNotification.type, { trusted: true });
      const on = await folder.server.notification<RenderStatusNotification.Params>(
        RenderStatusNotification.method,
        () => true,
        seen,
      );
      assert.equal(on.state, 'idle');
      assert.equal(on.active, PLAIN_CONTEXT_ID);
      await folder.server.waitForLog((m) => m.message.includes('The workspace is trusted now'), 'trust log');
    } finally {
      await folder.dispose();
    }
  });

  it('trusted (or a client that says nothing of trust): no "off" status at start', async () => {
    const folder = await startInFolder({});
    try {
      await folder.scanned();
      await contextsOf(folder);
      assert.deepEqual(
        folder.server.notifications.filter((n) => n.method === RenderStatusNotification.method),
        [],
      );
    } finally {
      await folder.dispose();
    }
  });
});
