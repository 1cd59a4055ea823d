// The server's validation of an open document inside the workspace: the index's
// parse of the document is reused (no second parse), and NP3xxx join the document's diagnostics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Workspace } from '../../server/src/engine/workspace';
import { validateWithEngine } from '../../server/src/lsp/diagnostics';
import { defaultDocumentSettings } from '../../server/src/lsp/settings';
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
  workspace.setFile('file:///ws/app.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {template: {metadata: {labels: {app: app}}}}\n');
  workspace.setFile(uri, text);
  return workspace;
}

describe('lsp validation in the workspace', () => {
  it('reuses the ManifestFile the workspace parsed when the text is the same', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(uri, text, defaultDocumentSettings, { workspace, maxFileSize: defaultDocumentSettings.maxFileSize });
    const parsed = workspace.manifest(uri)!.diagnostics.find((d) => d.code === 'NP0005');
    assert.ok(parsed);
    assert.ok(diagnostics.includes(parsed), 'the NP0005 object is the one the index parse made');
    assert.deepEqual(diagnostics.map((d) => d.code), ['NP0005', 'NP3001']);
  });

  it('parses again when the text differs, and then leaves NP3xxx to the next check', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(uri, `${text}\n`, defaultDocumentSettings, { workspace, maxFileSize: defaultDocumentSettings.maxFileSize });
    assert.ok(!diagnostics.includes(workspace.manifest(uri)!.diagnostics[0]!));
    assert.deepEqual(diagnostics.map((d) => d.code), ['NP0005']);
  });

  it('parses again when the document size limit is below the text (NP0002 instead of analysis)', () => {
    const workspace = workspaceWithPolicy();
    const diagnostics = validateWithEngine(uri, text, { ...defaultDocumentSettings, maxFileSize: 20 }, { workspace, maxFileSize: defaultDocumentSettings.maxFileSize });
    assert.deepEqual(diagnostics.map((d) => d.code), ['NP0002']);
  });
});
