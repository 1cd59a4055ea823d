// netpol.extraManifests over JSON-RPC: stand-in manifests read into the server's index (their
// workloads count for selectors and reachability) but never reported on.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { MessageType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { SettingKeys, WorkloadsRequest } from '../../server/src/protocol';
import { deployment, documents, operatorResource, policy } from '../builders';
import { yaml } from '../helpers';
import { startInFolder, type FolderOptions, type FolderServer } from './withServer';

const POLICY = documents(
  policy(
    'shop/db-ingress',
    'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]',
  ),
  deployment('shop/web', { app: 'web' }),
);
const DB_STAND_IN = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: db, namespace: shop}
  spec:
    selector: {matchLabels: {app: db}}
    template:
      metadata: {labels: {app: db}}
      spec: {containers: [{name: db, image: postgres}]}
`;
// A stand-in holding a NetworkPolicy the API server refuses: NP1701 anywhere else.
const OLD_POLICY_STAND_IN = policy('shop/old', 'podSelector: {}').replace('networking.k8s.io/v1', 'extensions/v1beta1');

const FILES = {
  'app/policy.yaml': POLICY,
  'stand-ins/db.yaml': DB_STAND_IN,
  'stand-ins/old-policy.yaml': OLD_POLICY_STAND_IN,
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: FolderOptions = {}): Promise<FolderServer> {
  const folder = await startInFolder(FILES, options);
  cleanups.push(() => folder.dispose());
  await folder.scanned();
  return folder;
}

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => String(d.code));

async function openedDiagnostics(folder: FolderServer, relative: string): Promise<string[]> {
  await folder.server.open(folder.uri(relative), folder.read(relative));
  return codes(await folder.server.diagnostics(folder.uri(relative)));
}

async function workloadRefs(folder: FolderServer): Promise<string[]> {
  const result = await folder.server.request<WorkloadsRequest.Result>(WorkloadsRequest.method);
  return result.namespaces.flatMap((ns) => ns.workloads.map((w) => w.ref));
}

describe('lsp netpol.extraManifests', () => {
  it('without the setting, files in the folder are ordinary files: the stand-in policy gets NP1701', async () => {
    const folder = await start();
    assert.deepEqual(await openedDiagnostics(folder, 'stand-ins/old-policy.yaml'), ['NP1701']);
  });

  it('a stand-in folder inside the workspace: its workloads count (no NP3001), its files get no diagnostics', async () => {
    const folder = await start({ settings: { [SettingKeys.extraManifests]: ['stand-ins'] } });
    assert.deepEqual(await openedDiagnostics(folder, 'app/policy.yaml'), []);
    assert.deepEqual(await openedDiagnostics(folder, 'stand-ins/old-policy.yaml'), []);
    assert.ok((await workloadRefs(folder)).includes('shop/db[Deployment]'));
  });

  it('a stand-in file outside the workspace folder, by absolute path, is read as well (even a custom resource)', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'netpol-stand-ins-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'db.yaml'), documents(DB_STAND_IN, operatorResource('Prometheus', 'monitoring/k8s')));
    const folder = await start({ settings: { [SettingKeys.extraManifests]: [join(outside, 'db.yaml')] } });
    assert.deepEqual(await openedDiagnostics(folder, 'app/policy.yaml'), []);
    assert.deepEqual(await workloadRefs(folder), ['monitoring/k8s[Prometheus]', 'shop/db[Deployment]', 'shop/web[Deployment]']);
  });

  it('a change of the setting rescans: the NP3001 goes away, and comes back when the stand-in is removed', async () => {
    const folder = await start({ settings: { [SettingKeys.exclude]: ['stand-ins'] } });
    const policyUri = folder.uri('app/policy.yaml');
    assert.deepEqual(await openedDiagnostics(folder, 'app/policy.yaml'), ['NP3001']);
    await folder.server.configure({ [SettingKeys.extraManifests]: ['stand-ins/db.yaml'] });
    await folder.scanned(2);
    await folder.server.eventuallyPublished(policyUri, (d) => d.length === 0, 'NP3001 gone with the stand-in');
    await folder.server.configure({ [SettingKeys.extraManifests]: [] });
    await folder.scanned(3);
    await folder.server.eventuallyPublished(policyUri, (d) => codes(d).includes('NP3001'), 'NP3001 back');
  });

  it('a path that does not exist is logged as a warning and ignored; the rest of the workspace is read', async () => {
    const folder = await start({ settings: { [SettingKeys.extraManifests]: ['missing', 'stand-ins/db.yaml'] } });
    const warning = await folder.server.waitForLog(
      (m) => m.type === MessageType.Warning && m.message.includes(SettingKeys.extraManifests),
      'warning about the missing stand-in',
    );
    assert.match(warning.message, /"missing".*cannot be read.*ignored/);
    assert.deepEqual(await openedDiagnostics(folder, 'app/policy.yaml'), []);
  });

  it('a value that is not a list of strings is logged as a warning and taken as []', async () => {
    const folder = await start({ settings: { [SettingKeys.extraManifests]: 'stand-ins' } });
    const warning = await folder.server.waitForLog(
      (m) => m.type === MessageType.Warning && m.message.includes(SettingKeys.extraManifests),
      'warning about the invalid setting',
    );
    assert.match(warning.message, /"stand-ins".*\[\]/);
  });
});
