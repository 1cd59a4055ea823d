// The live what-if in the example workspace: an unsaved edit that lets a pod of another
// namespace into cart shows, before save, in the status bar item, as a CodeLens on the edited
// policy and in the Reachability Changes view (activate()'s `whatIf`), and "Open Reachability
// Diff" compares the two `netpol reach` listings in VS Code's diff editor.
// Kubernetes semantics relied on (concepts/services-networking/network-policies): two items of
// one `from` list are ORed; `namespaceSelector` alone admits every pod of the namespaces it
// selects; default/debug-shell's namespace has no policy, so its egress is not isolated.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds } from '../../../server/src/protocol';
import { codeLensTitles, extension, openExample } from './editor';
import { eventually } from './waitFor';

interface TreeApi<Node> {
  getChildren(node?: Node): Node[] | Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
}

interface WhatIfApi {
  ready: Promise<void>;
  whatIf: { statusBar: vscode.StatusBarItem; changesTree: TreeApi<unknown> };
}

/** cart-from-frontend's `from` list: the line of its `app: frontend` item (0-based); three lines go in after it. */
const FROM_FRONTEND_LINE = 85;
const ADMIT_DEFAULT =
  '        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: default\n';

describe('the live what-if in the example workspace', () => {
  let api: WhatIfApi;
  const label = (node: unknown): string => {
    const item = api.whatIf.changesTree.getTreeItem(node);
    return `${typeof item.label === 'string' ? item.label : (item.label?.label ?? '')}${typeof item.description === 'string' ? `  ${item.description}` : ''}`;
  };
  /** The view's rows as indented text, as a person reads it expanded. */
  const viewText = async (node?: unknown, depth = 0): Promise<string[]> => {
    const lines: string[] = [];
    for (const child of await api.whatIf.changesTree.getChildren(node)) {
      lines.push(`${'  '.repeat(depth)}${label(child)}`);
      lines.push(...(await viewText(child, depth + 1)));
    }
    return lines;
  };

  // code-server is a web build of VS Code, whose default saves edits after a second: the edit must stay unsaved.
  let autoSave: string | undefined;
  before(async () => {
    api = (await extension().activate()) as WhatIfApi;
    await api.ready;
    const files = vscode.workspace.getConfiguration('files');
    autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
  });

  it('an unsaved edit that opens default/debug-shell -> shop/cart updates the status bar, the CodeLens and the Changes view', async () => {
    const policies = await openExample('shop/policies.yaml');
    assert.equal(policies.lineAt(FROM_FRONTEND_LINE).text, '              app: frontend');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(policies.uri, new vscode.Position(FROM_FRONTEND_LINE + 1, 0), ADMIT_DEFAULT);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.ok(policies.isDirty);
      await eventually(() => assert.equal(api.whatIf.statusBar.text, '$(git-compare) Reach Δ vs saved: +1'));
      await eventually(async () =>
        assert.ok(
          (await codeLensTitles(policies.uri)).some(([, title]) => title === 'this edit: opens 1'),
          JSON.stringify(await codeLensTitles(policies.uri)),
        ),
      );
      await eventually(async () =>
        assert.deepEqual(await viewText(), [
          'Opened  1',
          '  shop/cart-from-frontend ingress[0]  shop/policies.yaml:83',
          '    default/debug-shell → shop/cart  +TCP 50051',
          '      now · ingress: shop/cart-from-frontend ingress[0]  shop/policies.yaml:83',
        ]),
      );

      await vscode.commands.executeCommand(CommandIds.openReachabilityDiff);
      await eventually(() => {
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        assert.ok(input instanceof vscode.TabInputTextDiff, 'the active tab is not a diff');
        assert.equal(input.original.scheme, 'netpol-reach');
      });
      const input = vscode.window.tabGroups.activeTabGroup.activeTab!.input as vscode.TabInputTextDiff;
      const [before, after] = await Promise.all(
        [input.original, input.modified].map((uri) => vscode.workspace.openTextDocument(uri)),
      );
      const debugToCart = /^default\/debug-shell\[Pod\]\s+shop\/cart\[Deployment\]\s+TCP 50051$/m;
      assert.match(after.getText(), debugToCart);
      assert.doesNotMatch(before.getText(), debugToCart);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.window.showTextDocument(policies);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(policies.isDirty, false);
    await eventually(async () => assert.deepEqual(await viewText(), []));
    await eventually(() => assert.ok(!api.whatIf.statusBar.text.includes('+1'), api.whatIf.statusBar.text));
  });
});
