// netpol.* settings as the server reads them: pulled per document with
// workspace/configuration, read again after workspace/didChangeConfiguration.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { DiagnosticSeverity, MessageType } from 'vscode-languageserver-protocol/node';
import { SETTINGS_SECTION, SettingKeys } from '../../server/src/protocol';
import { yaml } from '../helpers';
import { summarizeDiagnostics } from './lspClient';
import { withServer } from './withServer';

const oldApiVersion = yaml`
  apiVersion: extensions/v1beta1
  kind: NetworkPolicy
  metadata: {name: old}
  spec: {}
`;

const defaults = {
  [SettingKeys.validationEnable]: true,
  [SettingKeys.kubernetesVersion]: '1.36',
  [SettingKeys.maxFileSize]: 5 * 1024 * 1024,
  [SettingKeys.logLevel]: 'info',
};

describe('lsp settings', () => {
  const server = withServer({}, { settings: defaults });
  afterEach(() => server.configure(defaults));

  it('registers for changes of the netpol section', async () => {
    const registration = await server.registration('workspace/didChangeConfiguration');
    assert.deepEqual(registration.registerOptions, { section: SETTINGS_SECTION });
  });

  it('asks for the settings of each document in its own scope', async () => {
    const uri = 'file:///workspace/scoped.yaml';
    await server.open(uri, oldApiVersion);
    await server.diagnostics(uri);
    assert.ok(server.configurationRequests.some((item) => item.scopeUri === uri && item.section === SETTINGS_SECTION));
  });

  it('netpol.validation.enable=false clears every diagnostic; true brings them back', async () => {
    const first = 'file:///workspace/enable-1.yaml';
    const second = 'file:///workspace/enable-2.yaml';
    await server.open(first, oldApiVersion);
    await server.open(second, oldApiVersion);
    assert.equal((await server.diagnostics(first)).length, 1);
    assert.equal((await server.diagnostics(second)).length, 1);

    await server.configure({ [SettingKeys.validationEnable]: false });
    assert.deepEqual(await server.diagnostics(first), []);
    assert.deepEqual(await server.diagnostics(second), []);

    await server.configure({ [SettingKeys.validationEnable]: true });
    assert.deepEqual(summarizeDiagnostics(oldApiVersion, await server.diagnostics(first)), ['NP1701 error@extensions/v1beta1']);
  });

  it('applies settings per document scope: validation disabled for one file only', async () => {
    const quiet = 'file:///workspace/vendor/quiet.yaml';
    const loud = 'file:///workspace/loud.yaml';
    await server.configure({ [SettingKeys.validationEnable]: false }, quiet);
    await server.open(quiet, oldApiVersion);
    await server.open(loud, oldApiVersion);
    assert.deepEqual(await server.diagnostics(quiet), []);
    assert.equal((await server.diagnostics(loud)).length, 1);
    await server.configure({ [SettingKeys.validationEnable]: true }, quiet);
  });

  it('netpol.maxFileSize: a file over the limit gets NP0002 instead of analysis, and the limit is read again on change', async () => {
    const uri = 'file:///workspace/size.yaml';
    await server.open(uri, oldApiVersion);
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP1701'],
    );
    await server.configure({ [SettingKeys.maxFileSize]: 20 });
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP0002'],
    );
  });

  it('netpol.kubernetesVersion: a change makes the server read the settings again and validate every open document again', async () => {
    const uri = 'file:///workspace/version.yaml';
    await server.open(uri, oldApiVersion);
    await server.diagnostics(uri);
    const requestsBefore = server.configurationRequests.filter((item) => item.scopeUri === uri).length;
    const publishesBefore = server.publishesOf(uri).length;
    await server.configure({ [SettingKeys.kubernetesVersion]: '1.35' });
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP1701'],
    );
    assert.equal(server.publishesOf(uri).length, publishesBefore + 1);
    assert.ok(server.configurationRequests.filter((item) => item.scopeUri === uri).length > requestsBefore);
  });

  it('an invalid netpol.kubernetesVersion is logged as a warning and 1.36 applies', async () => {
    const uri = 'file:///workspace/bad-version.yaml';
    await server.configure({ [SettingKeys.kubernetesVersion]: 'latest' });
    await server.open(uri, oldApiVersion);
    assert.deepEqual(
      (await server.diagnostics(uri)).map((d) => d.code),
      ['NP1701'],
    );
    const warning = await server.waitForLog(
      (m) => m.type === MessageType.Warning && m.message.includes(SettingKeys.kubernetesVersion),
      'warning about the version',
    );
    assert.match(warning.message, /"latest".*1\.36/);
  });

  // 0.1 and 3.0 were accepted once: 0.1 made extensions/v1beta1 a mere deprecation warning (before 1.16).
  for (const version of ['0.1', '3.0', '1.32']) {
    it(`netpol.kubernetesVersion ${version}, whose rules are not modelled, is logged with the supported range and 1.36 applies`, async () => {
      const uri = `file:///workspace/unmodelled-${version}.yaml`;
      await server.configure({ [SettingKeys.kubernetesVersion]: version });
      await server.open(uri, oldApiVersion);
      assert.deepEqual(
        (await server.diagnostics(uri)).map((d) => [d.code, d.severity]),
        [['NP1701', DiagnosticSeverity.Error]],
      );
      const warning = await server.waitForLog(
        (m) => m.type === MessageType.Warning && m.message.includes(`"${version}"`),
        'warning about the version',
      );
      assert.match(warning.message, /the rules of Kubernetes 1\.33 to 1\.36 are modelled\); using 1\.36\./);
    });
  }

  it('netpol.log.level=debug logs each validation; error keeps warnings out', async () => {
    const uri = 'file:///workspace/logged.yaml';
    await server.configure({ [SettingKeys.logLevel]: 'debug' });
    await server.open(uri, oldApiVersion);
    await server.diagnostics(uri);
    await server.waitForLog((m) => m.type === MessageType.Log && m.message.includes(uri), 'debug line for the validation');

    await server.configure({ [SettingKeys.logLevel]: 'error', [SettingKeys.kubernetesVersion]: 'not-a-version' });
    await server.diagnostics(uri);
    // A document validated after the level change proves the new level was read before it.
    const later = 'file:///workspace/logged-later.yaml';
    await server.open(later, oldApiVersion);
    await server.diagnostics(later);
    assert.ok(!server.logs.some((m) => m.message.includes('"not-a-version"')));
  });

  // Rules B5/B7 (kubernetes-validation-rules.md, §7 version table): host bits after the
  // prefix are an error from 1.36 (StrictIPCIDRValidation) and a warning for 1.33-1.35.
  it('CIDR host bits (NP1504, B5): error for 1.36, warning once netpol.kubernetesVersion is 1.35', async () => {
    const text = yaml`
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: hostbits}
      spec:
        podSelector: {}
        ingress:
          - from:
              - ipBlock: {cidr: 10.0.0.1/8}
    `;
    const uri = 'file:///workspace/hostbits.yaml';
    await server.open(uri, text);
    assert.ok(summarizeDiagnostics(text, await server.diagnostics(uri)).includes('NP1504 error@10.0.0.1/8'));
    await server.configure({ [SettingKeys.kubernetesVersion]: '1.35' });
    const downgraded = summarizeDiagnostics(text, await server.diagnostics(uri));
    assert.ok(downgraded.includes('NP1504 warning@10.0.0.1/8'), downgraded.join(', '));
    assert.ok(!downgraded.includes('NP1504 error@10.0.0.1/8'));
  });
});
