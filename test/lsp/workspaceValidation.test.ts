// The server's validation of an open document inside the workspace: the index's
// parse of the document is reused (no second parse), NP3xxx join the document's
// diagnostics, and each edit is validated once (in-process, with the wiring of server.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace } from '../../server/src/engine/workspace';
import { DiagnosticsPublisher, validateWithEngine, type DocumentMemo, type ValidateText } from '../../server/src/lsp/diagnostics';
import { Log } from '../../server/src/lsp/log';
import { defaultDocumentSettings } from '../../server/src/lsp/settings';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';
import { deployment, pod, policy } from '../builders';
import { yaml } from '../helpers';

const uri = 'file:///ws/policy.yaml';
// The duplicate key gives NP0005, a diagnostic made by the parse itself.
const text = yaml`
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, name: p}
  spec:
    podSelector: {matchLabels: {app: nope}}
`;

function workspaceWithPolicy(): Workspace {
  const workspace = new Workspace();
  workspace.setFile('file:///ws/app.yaml', deployment('app', { app: 'app' }));
  workspace.setFile(uri, text);
  return workspace;
}

describe('lsp validation in the workspace', () => {
  it('reuses the ManifestFile the workspace parsed when the text is the same', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(uri, text, defaultDocumentSettings, {
      workspace,
      maxFileSize: defaultDocumentSettings.maxFileSize,
    });
    const parsed = workspace.manifest(uri)!.diagnostics.find((d) => d.code === 'NP0005');
    assert.ok(parsed);
    assert.ok(diagnostics.includes(parsed), 'the NP0005 object is the one the index parse made');
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['NP0005', 'NP3001'],
    );
  });

  it('parses again when the text differs, and then leaves NP3xxx to the next check', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(uri, `${text}\n`, defaultDocumentSettings, {
      workspace,
      maxFileSize: defaultDocumentSettings.maxFileSize,
    });
    assert.ok(!diagnostics.includes(workspace.manifest(uri)!.diagnostics[0]));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['NP0005'],
    );
  });

  it('parses again when the document size limit is below the text (NP0002 instead of analysis)', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(
      uri,
      text,
      { ...defaultDocumentSettings, maxFileSize: 20 },
      { workspace, maxFileSize: defaultDocumentSettings.maxFileSize },
    );
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['NP0002'],
    );
  });
});

describe('lsp validation: what a re-check reruns', () => {
  it("remembers the document's own diagnostics (NP0xxx-NP2xxx) for an unchanged text and reruns only NP3xxx", () => {
    const workspace = workspaceWithPolicy();
    const context = { workspace, maxFileSize: defaultDocumentSettings.maxFileSize };
    const memo: DocumentMemo = {};
    const first = validateWithEngine(uri, text, defaultDocumentSettings, context, memo);
    assert.deepEqual(
      first.map((d) => d.code),
      ['NP0005', 'NP3001'],
    );
    workspace.setFile('file:///ws/nope.yaml', pod('nope', { app: 'nope' }));
    const second = validateWithEngine(uri, text, defaultDocumentSettings, context, memo);
    assert.deepEqual(
      second.map((d) => d.code),
      ['NP0005'],
      'NP3001 is gone: the workspace checks ran again',
    );
    const lintText = text.replace(
      'podSelector: {matchLabels: {app: nope}}',
      'podSelector: {matchLabels: {app: nope}}\n  policyTypes: [Ingress, Ingress]',
    );
    const own = validateWithEngine(uri, lintText, defaultDocumentSettings, undefined, memo);
    const again = validateWithEngine(uri, lintText, defaultDocumentSettings, undefined, memo);
    assert.ok(
      own.some((d) => d.code.startsWith('NP1') || d.code.startsWith('NP2')),
      JSON.stringify(own.map((d) => d.code)),
    );
    assert.ok(
      own.every((d, i) => d === again[i]),
      'the same diagnostic objects: the document was not validated again',
    );
    const otherVersion = validateWithEngine(uri, lintText, { ...defaultDocumentSettings, maxFileSize: 20 }, undefined, memo);
    assert.deepEqual(
      otherVersion.map((d) => d.code),
      ['NP0002'],
      'a setting that shapes them invalidates the memory',
    );
  });
});

describe('lsp validation: each edit is validated once', () => {
  const quiet = new Log({ error() {}, warn() {}, info() {}, log() {} });
  const policyText = policy('shop/test', 'podSelector: {matchLabels: {app: web}}');
  const workloadText = (app: string) => deployment('shop/web', { app });

  /** A publisher and an index wired as server.ts wires them, counting validations per document. */
  function wired(documents: TextDocument[]) {
    const index = new WorkspaceIndex({}, 10);
    index.markScanned();
    const validations = new Map<string, number>();
    const published: PublishDiagnosticsParams[] = [];
    const counting: ValidateText = (...args) => {
      validations.set(args[0], (validations.get(args[0]) ?? 0) + 1);
      return validateWithEngine(...args);
    };
    const byUri = (uri: string) => documents.find((d) => d.uri === uri);
    const publisher = new DiagnosticsPublisher(
      { sendDiagnostics: async (params) => void published.push(params) },
      { forDocument: async () => defaultDocumentSettings },
      quiet,
      byUri,
      { debounceMs: 5, validate: counting, workspace: index },
    );
    index.onDidSettle(() => publisher.recheck(documents));
    for (const document of documents) index.documentChanged(document.uri, () => byUri(document.uri)?.getText());
    return { index, publisher, validations, published };
  }

  it('the workspace change caused by validating a document does not validate it again', async () => {
    const document = TextDocument.create('file:///w/policy.yaml', 'yaml', 1, policyText);
    const { publisher, validations } = wired([document]);
    await publisher.validateNow(document);
    await sleep(60);
    assert.deepEqual([...validations], [['file:///w/policy.yaml', 1]]);
  });

  it('an edit of one open document validates it once and re-checks the OTHER open documents against the changed workspace', async () => {
    const policy = TextDocument.create('file:///w/policy.yaml', 'yaml', 1, policyText);
    const workload = TextDocument.create('file:///w/web.yaml', 'yaml', 1, workloadText('api'));
    const { index, publisher, validations, published } = wired([policy, workload]);
    await publisher.validateNow(policy);
    await publisher.validateNow(workload);
    await sleep(60);
    const codesOf = (uri: string) => published.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => d.code));
    assert.deepEqual(codesOf(policy.uri), [['NP3001']]);
    validations.clear();

    TextDocument.update(workload, [{ text: workloadText('web') }], 2);
    index.documentChanged(workload.uri, () => workload.getText());
    publisher.validateSoon(workload);
    await sleep(80);
    assert.deepEqual(Object.fromEntries(validations), { [workload.uri]: 1, [policy.uri]: 1 });
    assert.deepEqual(codesOf(policy.uri), [['NP3001'], []], 'the policy now selects the edited workload');
  });
});
