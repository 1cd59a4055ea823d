// The rendering settings as server/src/lsp/settings.ts reads them (RenderSettings), in-process
// with a stand-in for workspace/configuration: defaults as package.json declares them, values
// checked one by one (a wrong one is logged once and replaced by its default), and trust.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import { Log } from '../../server/src/lsp/log';
import { Settings, defaultRenderSettings, type RenderSettings } from '../../server/src/lsp/settings';
import { SettingKeys, type RawSettings } from '../../server/src/protocol';

function settingsAnswering(raw: RawSettings): { settings: Settings; warnings: string[]; scopes: unknown[] } {
  const warnings: string[] = [];
  const scopes: unknown[] = [];
  const connection = {
    workspace: {
      getConfiguration: (item: unknown) => {
        scopes.push(item);
        return Promise.resolve(Array.isArray(item) ? item.map(() => raw) : raw);
      },
    },
  } as unknown as Connection;
  const console = { error: () => {}, info: () => {}, log: () => {}, warn: (message: string) => warnings.push(message) };
  const settings = new Settings(connection, new Log(console));
  settings.setClientSupportsConfiguration(true);
  return { settings, warnings, scopes };
}

describe('render settings', () => {
  it('defaults: kustomize on, found on PATH, no helm inflation, no network, 10 s, 50 MB, trusted until told otherwise', async () => {
    const expected: RenderSettings = {
      trusted: true,
      kustomize: { enabled: true, command: undefined, enableHelm: false },
      helm: { command: undefined, releases: [] },
      timeoutMs: 10_000,
      maxOutputBytes: 50 * 1024 * 1024,
      allowNetwork: false,
    };
    assert.deepEqual(await settingsAnswering({}).settings.forRendering(), expected);
    assert.deepEqual({ ...defaultRenderSettings, trusted: true }, expected);
  });

  it('the defaults are those package.json declares', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const declared = (key: string) => manifest.contributes.configuration.properties[key].default;
    assert.equal(declared(SettingKeys.kustomizeEnable), defaultRenderSettings.kustomize.enabled);
    assert.equal(declared(SettingKeys.kustomizeCommand), '');
    assert.equal(declared(SettingKeys.kustomizeEnableHelm), defaultRenderSettings.kustomize.enableHelm);
    assert.equal(declared(SettingKeys.helmCommand), '');
    assert.deepEqual(declared(SettingKeys.helmReleases), defaultRenderSettings.helm.releases);
    assert.equal((declared(SettingKeys.renderTimeoutSeconds) as number) * 1000, defaultRenderSettings.timeoutMs);
    assert.equal((declared(SettingKeys.renderMaxOutputMegabytes) as number) * 1024 * 1024, defaultRenderSettings.maxOutputBytes);
    assert.equal(declared(SettingKeys.renderAllowNetwork), defaultRenderSettings.allowNetwork);
    assert.deepEqual(declared(SettingKeys.contexts), []);
  });

  it('reads every value, scoped to the folder asked, with the defaults of a release filled in', async () => {
    const { settings, scopes } = settingsAnswering({
      kustomize: { enable: false, command: ' /opt/bin/kustomize ', enableHelm: true },
      helm: {
        command: 'helm3',
        releases: [
          { chart: 'charts/web' },
          { chart: 'charts/db', releaseName: 'orders-db', namespace: 'orders', valuesFiles: ['charts/db/prod.yaml'] },
        ],
      },
      render: { timeoutSeconds: 2.5, maxOutputMegabytes: 1, allowNetwork: true },
    });
    assert.deepEqual(await settings.forRendering('file:///work/repo'), {
      trusted: true,
      kustomize: { enabled: false, command: '/opt/bin/kustomize', enableHelm: true },
      helm: {
        command: 'helm3',
        releases: [
          { chart: 'charts/web', releaseName: undefined, namespace: 'default', valuesFiles: [] },
          { chart: 'charts/db', releaseName: 'orders-db', namespace: 'orders', valuesFiles: ['charts/db/prod.yaml'] },
        ],
      },
      timeoutMs: 2500,
      maxOutputBytes: 1024 * 1024,
      allowNetwork: true,
    });
    assert.deepEqual(scopes, [{ scopeUri: 'file:///work/repo', section: 'netpol' }]);
  });

  it('a value of the wrong type falls back to its default with one warning naming the setting', async () => {
    const { settings, warnings } = settingsAnswering({
      kustomize: { enable: 'yes', command: 42 },
      render: { timeoutSeconds: 0, maxOutputMegabytes: -1, allowNetwork: 'true' },
      helm: {
        releases: [{ chart: 'charts/ok' }, { releaseName: 'no-chart' }, { chart: 'charts/x', namespace: 'Not_A_Namespace' }],
      },
    });
    const read = await settings.forRendering();
    assert.deepEqual(read, {
      ...defaultRenderSettings,
      trusted: true,
      helm: {
        command: undefined,
        releases: [{ chart: 'charts/ok', releaseName: undefined, namespace: 'default', valuesFiles: [] }],
      },
    });
    await settings.forRendering();
    assert.deepEqual(
      warnings.map((warning) => warning.slice(0, warning.indexOf(' has an invalid value'))),
      [
        `Setting ${SettingKeys.kustomizeEnable}`,
        `Setting ${SettingKeys.kustomizeCommand}`,
        `Setting ${SettingKeys.helmReleases}`,
        `Setting ${SettingKeys.helmReleases}`,
        `Setting ${SettingKeys.renderTimeoutSeconds}`,
        `Setting ${SettingKeys.renderMaxOutputMegabytes}`,
        `Setting ${SettingKeys.renderAllowNetwork}`,
      ],
    );
  });

  it('trusted follows what the client says (initializationOptions, then netpol/trustChanged)', async () => {
    const { settings } = settingsAnswering({ kustomize: { command: 'kustomize' } });
    settings.setTrusted(false);
    assert.equal((await settings.forRendering()).trusted, false);
    settings.setTrusted(true);
    assert.equal((await settings.forRendering()).trusted, true);
  });
});
