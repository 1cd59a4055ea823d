// Edits reach every answer without a reload: an unsaved edit to a policy (a WorkspaceEdit,
// what typing does) and a workload file changed on disk (the server's file watcher).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeLensTitles, exampleUri, hoverText, listedWorkloads, openExample, ourDiagnostics, positionAt } from './editor';
import { eventually } from './waitFor';

const { Warning: W } = vscode.DiagnosticSeverity;

async function replaceLine(document: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.lineAt(line).range, text);
  assert.ok(await vscode.workspace.applyEdit(edit), `the edit of line ${line} was not applied`);
}

describe('live updates in the example workspace', () => {
  it('an edit to a policy updates its diagnostics, hover and CodeLens; undoing it restores them', async () => {
    const policies = await openExample('shop/policies.yaml');
    const peerLine = 65; // frontend-to-cart: egress to pods app=cart
    const original = policies.lineAt(peerLine).text;
    assert.equal(original, '              app: cart');
    const hoverAt = positionAt(policies, peerLine, 'cart', 1);
    const frontendToCart = 53;
    await eventually(async () =>
      assert.deepEqual(
        listedWorkloads(await hoverText(policies.uri, hoverAt)).map((l) => l.workload),
        ['shop/cart (Deployment, 2 replicas)'],
      ),
    );

    await replaceLine(policies, peerLine, '              app: carts');
    try {
      await eventually(() =>
        assert.deepEqual(ourDiagnostics(policies.uri), [{ code: 'NP3002', range: [63, 10, 63, 21], severity: W }]),
      );
      await eventually(async () => {
        const hover = await hoverText(policies.uri, hoverAt);
        assert.match(
          hover,
          /^\*\*To pods labelled app=carts in this policy's namespace shop\*\*\n\nSelects no workload in the workspace\./,
        );
        assert.deepEqual(listedWorkloads(hover), []);
      });
      await eventually(async () =>
        assert.deepEqual(
          (await codeLensTitles(policies.uri)).find(([line]) => line === frontendToCart),
          [frontendToCart, 'selects 1 workload · egress to 0'],
        ),
      );
    } finally {
      await replaceLine(policies, peerLine, original);
    }
    await eventually(() => assert.deepEqual(ourDiagnostics(policies.uri), []));
    await eventually(async () =>
      assert.deepEqual(
        listedWorkloads(await hoverText(policies.uri, hoverAt)).map((l) => l.workload),
        ['shop/cart (Deployment, 2 replicas)'],
      ),
    );
    assert.deepEqual(
      (await codeLensTitles(policies.uri)).find(([line]) => line === frontendToCart),
      [frontendToCart, 'selects 1 workload · egress to 1'],
    );
    // Back to the text on disk: leave no dirty editor behind for the next tests.
    await vscode.window.showTextDocument(policies);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(policies.isDirty, false);
  });

  it('a workload file changed on disk updates the NP3xxx diagnostics of an open policy', async () => {
    const policies = await openExample('shop/policies.yaml');
    const workloadsFile = exampleUri('shop/workloads.yaml');
    const original = await vscode.workspace.fs.readFile(workloadsFile);
    const text = new TextDecoder().decode(original);
    const cartTemplate = '        app: cart\n        tier: backend\n';
    assert.ok(text.includes(cartTemplate), 'shop/workloads.yaml no longer holds the cart pod template');
    await eventually(() => assert.deepEqual(ourDiagnostics(policies.uri), []));

    // The cart pods are relabelled: every policy that selects or admits app=cart now matches nothing.
    await vscode.workspace.fs.writeFile(
      workloadsFile,
      // The selector follows the template: a Deployment whose selector misses its template is refused (NP1801).
      new TextEncoder().encode(
        text
          .replace(cartTemplate, '        app: basket\n        tier: backend\n')
          .replace('  selector:\n    matchLabels:\n      app: cart\n', '  selector:\n    matchLabels:\n      app: basket\n'),
      ),
    );
    try {
      await eventually(() =>
        assert.deepEqual(ourDiagnostics(policies.uri), [
          { code: 'NP3002', range: [63, 10, 63, 21], severity: W }, // frontend-to-cart: egress peer app=cart
          { code: 'NP3001', range: [76, 2, 76, 13], severity: W }, // cart-from-frontend selects app=cart
          { code: 'NP3001', range: [137, 2, 137, 13], severity: W }, // cart-to-payments selects app=cart
        ]),
      );
      const message = vscode.languages.getDiagnostics(policies.uri).find((d) => d.range.start.line === 76)?.message ?? '';
      assert.match(message, /workloads in shop have app=basket, /);
    } finally {
      await vscode.workspace.fs.writeFile(workloadsFile, original);
    }
    await eventually(() => assert.deepEqual(ourDiagnostics(policies.uri), []));
  });
});
