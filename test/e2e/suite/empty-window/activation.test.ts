// The packaged extension in a real VS Code: activation, diagnostics as a person sees them, commands.
// Each runner opens an EMPTY window (no folder), so nothing but opening a YAML file can activate us.
import * as assert from 'node:assert/strict';
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { extension, ourDiagnostics } from '../editor';
import { waitFor } from '../waitFor';

// The bundle sits in out/e2e/suite/empty-window/; the fixtures stay in the sources.
const fixtures = resolve(__dirname, '../../../../test/e2e/workspace');
const fixture = (name: string) => vscode.Uri.file(join(fixtures, name));

const diagnosticsOf = (uri: vscode.Uri) =>
  waitFor(`netpol diagnostics on ${uri.path}`, () => ourDiagnostics(uri).length > 0 && ourDiagnostics(uri));

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** A NetworkPolicy the server must diagnose (NP1701): waiting for its diagnostics proves the server has read everything opened before it. */
async function openSentinel(): Promise<vscode.TextDocument> {
  const content = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: sentinel}\nspec: {podSelector: {}}\n';
  return vscode.workspace.openTextDocument({ language: 'yaml', content });
}

describe('NetworkPolicy Navigator in a real VS Code, empty window', () => {
  it('runs the extension instance installed from the packaged .vsix', () => {
    const expected = process.env.NETPOL_E2E_EXTENSION_PATH;
    assert.ok(expected, 'the runner must name the extension directory under test (NETPOL_E2E_EXTENSION_PATH)');
    const actual = extension().extensionPath;
    assert.equal(realpathSync(actual), realpathSync(expected));
    // What a .vsix holds: the bundles, no sources, no node_modules.
    for (const shipped of ['package.json', 'dist/extension.js', 'dist/server.js'])
      assert.ok(existsSync(join(actual, shipped)), `${shipped} missing from ${actual}`);
    for (const absent of ['node_modules', 'client', 'server', 'test'])
      assert.ok(!existsSync(join(actual, absent)), `${absent} must not be packaged (found in ${actual})`);
  });

  it('activates when a YAML file opens (and not before)', async () => {
    assert.equal(extension().isActive, false, 'active before any YAML file was opened');
    const opened = performance.now();
    await vscode.workspace.openTextDocument(fixture('deployment.yaml'));
    await waitFor('the extension to activate', () => extension().isActive);
    const activated = performance.now();
    const api = extension().exports as { activationMs: number; ready: Promise<void> };
    await api.ready;
    console.log(
      `[netpol-e2e] activation: activate() took ${api.activationMs.toFixed(1)} ms; ${Math.round(activated - opened)} ms from opening a YAML file to active; server ready ${Math.round(performance.now() - opened)} ms after opening`,
    );
  });

  it('marks a YAML syntax error in a NetworkPolicy as NP0001 on its line', async () => {
    const document = await open('broken-syntax.yaml');
    assert.deepEqual(await diagnosticsOf(document.uri), [
      { code: 'NP0001', range: [9, 11, 9, 12], severity: vscode.DiagnosticSeverity.Error },
    ]);
  });

  it('marks apiVersion extensions/v1beta1 as NP1701 on the apiVersion value', async () => {
    const document = await open('old-api-version.yaml');
    assert.deepEqual(await diagnosticsOf(document.uri), [
      { code: 'NP1701', range: [1, 12, 1, 30], severity: vscode.DiagnosticSeverity.Error },
    ]);
  });

  it('clears the diagnostics when an edit fixes the document, and brings them back when the edit is undone', async () => {
    const document = await open('broken-syntax.yaml');
    await diagnosticsOf(document.uri);
    const brokenLine = document.lineAt(9);
    assert.equal(brokenLine.text, '      app: api: v2');

    const fix = new vscode.WorkspaceEdit();
    fix.replace(document.uri, brokenLine.range, '      app: api');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await waitFor('the diagnostics to clear after the fix', () => ourDiagnostics(document.uri).length === 0);

    const breakAgain = new vscode.WorkspaceEdit();
    breakAgain.replace(document.uri, document.lineAt(9).range, brokenLine.text);
    assert.ok(await vscode.workspace.applyEdit(breakAgain));
    assert.deepEqual(
      (await diagnosticsOf(document.uri)).map((d) => [d.code, d.range[0]]),
      [['NP0001', 9]],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('leaves YAML that holds no NetworkPolicy alone, even with a syntax error', async () => {
    const deployment = await open('deployment.yaml');
    const sentinel = await openSentinel();
    await diagnosticsOf(sentinel.uri);
    assert.deepEqual(ourDiagnostics(deployment.uri), []);
  });

  it('registers every command it contributes', async () => {
    const commands = await vscode.commands.getCommands(true);
    const contributed: string[] = extension().packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(
      contributed.includes('netpol.restartServer') && contributed.includes('netpol.checkConnection'),
      `package.json contributes only ${contributed.join(', ')}`,
    );
    assert.deepEqual(
      contributed.filter((command) => !commands.includes(command)),
      [],
      'contributed but not registered',
    );
  });

  it('shows its output channel (NetworkPolicy: Show Output)', async () => {
    await vscode.commands.executeCommand('netpol.showOutput');
  });

  it('restarts the language server (NetworkPolicy: Restart Server) and diagnoses again afterwards', async () => {
    await vscode.commands.executeCommand('netpol.restartServer');
    const sentinel = await openSentinel();
    assert.deepEqual(
      (await diagnosticsOf(sentinel.uri)).map((d) => d.code),
      ['NP1701'],
    );
  });
});
