// The typed constants of server/src/protocol.ts against package.json: a setting or
// command renamed on one side only fails here instead of silently in the editor.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DEFAULT_KUBERNETES_VERSION,
  formatKubernetesVersion,
  isModelledKubernetesVersion,
  parseKubernetesVersion,
} from '../../server/src/engine/kubernetesVersion';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/manifestFiles';
import { DEFAULT_LOG_LEVEL } from '../../server/src/lsp/log';
import { defaultExpectationSettings } from '../../server/src/lsp/settings';
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import * as protocol from '../../server/src/protocol';
import {
  CommandIds,
  DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES,
  DEFAULT_RENDER_TIMEOUT_SECONDS,
  LOG_LEVELS,
  PROBLEMS_SCOPES,
  RESTRICTED_SETTING_KEYS,
  SETTINGS_SECTION,
  SettingKeys,
  WORKSPACE_DIAGNOSTICS_SEVERITIES,
  WORKSPACE_PROBLEMS_MAX_FILES,
} from '../../server/src/protocol';

interface Manifest {
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
  };
  contributes: {
    configuration: {
      properties: Record<
        string,
        {
          default?: unknown;
          enum?: unknown[];
          description?: string;
          markdownDescription?: string;
          pattern?: string;
          scope?: string;
        }
      >;
    };
    commands: { command: string; title: string; category: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('protocol constants match package.json', () => {
  it('every setting key is contributed, with a description, under the netpol section', () => {
    for (const key of Object.values(SettingKeys)) {
      assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
      assert.ok(
        properties[key]?.description ?? properties[key]?.markdownDescription,
        `${key} missing from contributes.configuration`,
      );
    }
    assert.deepEqual(Object.keys(properties).sort(), Object.values(SettingKeys).sort());
  });

  it('README documents every setting', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const key of Object.values(SettingKeys))
      assert.ok(readme.includes(`| \`${key}\``), `${key} has no row in a README table`);
  });

  it('setting defaults are the defaults the server falls back to', () => {
    assert.equal(properties[SettingKeys.validationEnable].default, true);
    assert.equal(properties[SettingKeys.kubernetesVersion].default, formatKubernetesVersion(DEFAULT_KUBERNETES_VERSION));
    assert.equal(properties[SettingKeys.maxFileSize].default, DEFAULT_MAX_FILE_SIZE);
    assert.equal(properties[SettingKeys.logLevel].default, DEFAULT_LOG_LEVEL);
    assert.deepEqual(properties[SettingKeys.logLevel].enum, [...LOG_LEVELS]);
    assert.deepEqual(properties[SettingKeys.workspaceDiagnosticsSeverity].enum, [...WORKSPACE_DIAGNOSTICS_SEVERITIES]);
    assert.deepEqual(properties[SettingKeys.problemsScope].enum, [...PROBLEMS_SCOPES]);
    assert.equal(properties[SettingKeys.problemsScope].default, 'auto');
    // The threshold of `auto`, as the setting's description words it.
    assert.match(
      String(properties[SettingKeys.problemsScope].description),
      new RegExp(WORKSPACE_PROBLEMS_MAX_FILES.toLocaleString('en-US')),
    );
    assert.equal(properties[SettingKeys.renderTimeoutSeconds].default, DEFAULT_RENDER_TIMEOUT_SECONDS);
    assert.equal(properties[SettingKeys.renderMaxOutputMegabytes].default, DEFAULT_RENDER_MAX_OUTPUT_MEGABYTES);
    assert.equal(properties[SettingKeys.expectationsEnable].default, defaultExpectationSettings.enabled);
    assert.equal(properties[SettingKeys.expectationsMaxWitnesses].default, defaultExpectationSettings.maxWitnesses);
    assert.equal(properties[SettingKeys.expectationsShowCodeLens].default, defaultExpectationSettings.showCodeLens);
  });

  // https://code.visualstudio.com/api/extension-guides/workspace-trust: in Restricted Mode VS Code
  // ignores the workspace's values of `restrictedConfigurations`; rendering runs programs.
  it('workspace trust: limited support, and every setting that names a program or lets it do more is restricted', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.match(trust.description ?? '', /trusted/);
    assert.deepEqual(trust.restrictedConfigurations, [...RESTRICTED_SETTING_KEYS]);
    for (const key of [
      SettingKeys.kustomizeCommand,
      SettingKeys.helmCommand,
      SettingKeys.kustomizeEnableHelm,
      SettingKeys.renderAllowNetwork,
    ])
      assert.ok(RESTRICTED_SETTING_KEYS.includes(key), key);
  });

  it('rendering settings: programs per machine (a workspace may override), the rest per folder', () => {
    const scopes = Object.fromEntries(
      [
        SettingKeys.kustomizeEnable,
        SettingKeys.kustomizeCommand,
        SettingKeys.kustomizeEnableHelm,
        SettingKeys.renderTimeoutSeconds,
        SettingKeys.renderMaxOutputMegabytes,
        SettingKeys.renderAllowNetwork,
        SettingKeys.helmCommand,
        SettingKeys.helmReleases,
        SettingKeys.contexts,
      ].map((key) => [key, properties[key].scope]),
    );
    assert.deepEqual(scopes, {
      [SettingKeys.kustomizeEnable]: 'resource',
      [SettingKeys.kustomizeCommand]: 'machine-overridable',
      [SettingKeys.kustomizeEnableHelm]: 'resource',
      [SettingKeys.renderTimeoutSeconds]: 'resource',
      [SettingKeys.renderMaxOutputMegabytes]: 'resource',
      [SettingKeys.renderAllowNetwork]: 'resource',
      [SettingKeys.helmCommand]: 'machine-overridable',
      [SettingKeys.helmReleases]: 'resource',
      [SettingKeys.contexts]: 'resource',
    });
  });

  it('netpol.kubernetesVersion accepts in the settings editor exactly the versions the server models (1.33 to 1.36)', () => {
    const pattern = new RegExp(properties[SettingKeys.kubernetesVersion].pattern!);
    for (const version of ['1.33', '1.34', '1.35', '1.36', 'v1.35', '1.35.2'])
      assert.ok(pattern.test(version) && isModelledKubernetesVersion(parseKubernetesVersion(version)!), version);
    for (const version of ['0.1', '3.0', '1.32', '1.37', '1.3', '1.330'])
      assert.ok(!pattern.test(version) && !isModelledKubernetesVersion(parseKubernetesVersion(version)!), version);
  });

  it('every command id is contributed in the NetworkPolicy category', () => {
    const contributed = manifest.contributes.commands;
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(CommandIds).sort());
    assert.ok(contributed.every((c) => c.category === 'NetworkPolicy' && c.title.length > 0));
  });

  it('activates on YAML and JSON', () => {
    assert.ok(manifest.activationEvents.includes('onLanguage:yaml'));
    assert.ok(manifest.activationEvents.includes('onLanguage:json'));
  });
});

describe('protocol messages', () => {
  // The wire names are what installed clients and servers of other versions speak: renaming one is a breaking change.
  it('every netpol/* message is a typed message object of its own method, on the wire names of before', () => {
    const messages = Object.entries(protocol).filter(([name]) => /(Request|Notification)$/.test(name));
    const wire = messages.map(([name, message]) => {
      // The classes the language client and server take, not look-alikes.
      const { method, type } = message as { method: string; type: RequestType0<unknown, unknown> };
      assert.ok(
        [RequestType, RequestType0, NotificationType].some((kind) => type instanceof kind),
        `${name}.type is a vscode-jsonrpc message type`,
      );
      assert.equal(type.method, method, `${name}.type speaks ${name}.method`);
      assert.equal(type.numberOfParams, ['WorkloadsRequest', 'ContextsRequest'].includes(name) ? 0 : 1, `${name} params`);
      return `${name} ${type.method}`;
    });
    assert.deepEqual(wire.sort(), [
      'ContextsRequest netpol/contexts',
      'ExpectationsChangedNotification netpol/expectationsChanged',
      'ExpectationsRequest netpol/expectations',
      'ExplainRequest netpol/explain',
      'IndexingProgressNotification netpol/indexingProgress',
      'NamespaceWorkloadsRequest netpol/namespaceWorkloads',
      'NamespacesRequest netpol/namespaces',
      'ReachabilityRequest netpol/reachability',
      'RenderStatusNotification netpol/renderStatus',
      'ResultsChangedNotification netpol/resultsChanged',
      'SetContextRequest netpol/setContext',
      'SetWhatIfBaseRequest netpol/setWhatIfBase',
      'TrustChangedNotification netpol/trustChanged',
      'WhatIfBaseTextRequest netpol/whatIfBaseText',
      'WhatIfChangedNotification netpol/whatIfChanged',
      'WhatIfReachTextRequest netpol/whatIfReachText',
      'WhatIfRequest netpol/whatIf',
      'WorkloadAtRequest netpol/workloadAt',
      'WorkloadsRequest netpol/workloads',
    ]);
  });
});
