// What the in-editor tests read from VS Code, through the public `vscode` API only:
// our diagnostics, hover text, the example workspace the runner opened.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'netpol-navigator.netpol-navigator';

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed`);
  return found;
}

/** A diagnostic as the tests compare it: code, 0-based range [startLine, startChar, endLine, endChar], severity. */
export interface SeenDiagnostic {
  code: string;
  range: [number, number, number, number];
  severity: vscode.DiagnosticSeverity;
}

export function ourDiagnostics(uri: vscode.Uri): SeenDiagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'netpol')
    .map((d) => ({
      code: String(typeof d.code === 'object' ? d.code.value : d.code),
      range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      severity: d.severity,
    }));
}

// ---- The workspace the runner opened as the folder (a temp copy of examples/ or of a fixture) ----

export function workspaceRoot(): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.equal(folders.length, 1, 'the runner opens exactly one folder: a copy of examples/ or of a fixture');
  return folders[0].uri;
}

export const exampleUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), relative);

/** `shop/workloads.yaml` for a URI inside the workspace, so expectations read like examples/README.md. */
export function relativePath(uri: vscode.Uri): string {
  const root = `${workspaceRoot().toString()}/`;
  assert.ok(uri.toString().startsWith(root), `${uri.toString()} is outside the workspace ${root}`);
  return uri.toString().slice(root.length);
}

export async function openExample(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(exampleUri(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Whether a document is open in the editor (a file the server can only know from its workspace scan is not). */
export const isOpen = (uri: vscode.Uri): boolean =>
  vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

/**
 * The position of `needle`'s `occurrence`-th appearance (1-based) on 0-based `line`, moved
 * `offset` characters into it: tests name the text they point at, a moved line fails loudly.
 */
export function positionAt(document: vscode.TextDocument, line: number, needle: string, offset = 0): vscode.Position {
  const text = document.lineAt(line).text;
  const character = text.indexOf(needle);
  assert.ok(character >= 0, `line ${line} of ${document.uri.path} is ${JSON.stringify(text)}, without ${JSON.stringify(needle)}`);
  return new vscode.Position(line, character + offset);
}

// ---- Answers of the language features, as a person would read them ----

export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n\n');
}

/** The workloads a selector hover lists, e.g. `shop/cart (Deployment, 2 replicas)` with the link target. */
export function listedWorkloads(markdown: string): Array<{ workload: string; link: string }> {
  // Markdown escapes the `#` of `#L<line>` in link targets.
  return [...markdown.matchAll(/^- \[(.+?)\]\((.+?)\)$/gm)].map((match) => ({
    workload: match[1],
    link: match[2].replace(/\\#/g, '#'),
  }));
}

export async function codeLensTitles(uri: vscode.Uri): Promise<Array<[line: number, title: string | undefined]>> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.map((lens) => [lens.range.start.line, lens.command?.title]);
}
