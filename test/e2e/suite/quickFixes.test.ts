// Quick fixes in the editor: the code actions VS Code gets for a finding (what the
// lightbulb lists), one applied as the lightbulb applies it, and the finding gone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openExample, ourDiagnostics } from './editor';
import { eventually } from './waitFor';

describe('quick fixes in the example workspace', () => {
  it('broken/lint-warnings.yaml: "Remove the duplicate port entry" removes NP2003 and nothing else', async () => {
    const document = await openExample('broken/lint-warnings.yaml');
    const duplicate = (): vscode.Diagnostic | undefined =>
      vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'netpol' && codeOf(d) === 'NP2003');
    await eventually(() => assert.ok(duplicate(), 'NP2003 is published'));
    const finding = duplicate()!;
    // The code links to its README section.
    assert.match(String(typeof finding.code === 'object' ? finding.code.target : ''), /#np2003-duplicate-port$/);
    const before = ourDiagnostics(document.uri).filter((d) => d.code !== 'NP2003');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === 'Remove the duplicate port entry');
    assert.ok(fix?.edit, `no fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(fix.isPreferred, true);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix was not applied');
      await eventually(() => assert.equal(duplicate(), undefined));
      // The other findings stay, two lines higher from the removed entry on.
      assert.deepEqual(
        ourDiagnostics(document.uri).map((d) => d.code),
        before.map((d) => d.code),
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(document.isDirty, false);
    await eventually(() => assert.ok(duplicate(), 'NP2003 is back after the revert'));
  });
});

const codeOf = (diagnostic: vscode.Diagnostic): string =>
  String(typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
