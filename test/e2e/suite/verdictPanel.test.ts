// Check Connection's pickers and its one verdict panel on the example workspace: refs typed as
// the CLI prints them, the source pre-filled from the cursor, recent pairs first, one panel
// reused by every check, Swap, links, and how a verdict is announced. The pickers are driven
// with the workbench's own "accept" command (Enter), through the public command
// `netpol.checkConnection`; the panel through activate()'s `verdict` (what the panel shows,
// and its page's messages).
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { CommandIds, type ExplainRequest, type ExplainResult } from '../../../server/src/protocol';
import { exampleUri, extension, openExample, positionAt, relativePath } from './editor';
import { eventually, EDITOR_TIMEOUT_MS } from './waitFor';

interface ShownVerdict {
  question: ExplainRequest.Params;
  result: ExplainResult;
  announced: 'warning' | 'information';
}

/** activate()'s `verdict`, typed structurally (the suite imports no client code). */
interface VerdictApi {
  readonly current: ShownVerdict | undefined;
  receive(message: unknown): Promise<void>;
}

interface Api {
  ready: Promise<void>;
  verdict: VerdictApi;
  reachabilityTree: { getChildren(node?: unknown): Promise<unknown[]>; getTreeItem(node: unknown): vscode.TreeItem };
}

const FRONTEND = 'shop/frontend[Deployment]';
const CART = 'shop/cart[Deployment]';
const REDIS = 'shop/redis[StatefulSet]';

/** The verdict panel's tabs, in every editor group. */
const verdictTabs = (): vscode.Tab[] =>
  vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('netpol.verdict'));

/**
 * Runs Check Connection and presses Enter (the workbench's accept command) in every picker and
 * input box it opens, until it settles: the item each picker offers first is taken.
 */
async function checkPressingEnter(known?: { from?: string; to?: string; port?: string }): Promise<ExplainResult | undefined> {
  let settled = false;
  const run = Promise.resolve(
    vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnection, known),
  ).finally(() => (settled = true));
  const deadline = Date.now() + EDITOR_TIMEOUT_MS;
  while (!settled) {
    if (Date.now() > deadline) throw new Error(`Check Connection ${JSON.stringify(known)} did not settle`);
    // No picker shown yet (the server is asked first): accepting does nothing.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return run;
}

const check = (from: string, to: string, port: string) =>
  vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnection, { from, to, port });

describe('Check Connection: pickers and the verdict panel', () => {
  let api: Api;

  before(async () => {
    api = (await extension().activate()) as Api;
    await api.ready;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('takes refs as the CLI prints them: ns/name with or without [Kind]', async () => {
    const short = await eventually(async () => {
      const result = await check('shop/frontend', 'shop/cart', '50051/TCP');
      assert.ok(result, 'no verdict');
      return result;
    });
    assert.deepEqual([short.from.ref, short.to.ref, short.allowed], [FRONTEND, CART, true]);
    const full = await check(FRONTEND, CART, '50051/TCP');
    assert.deepEqual([full?.from.ref, full?.to.ref], [FRONTEND, CART]);
  });

  it('a typed ref that names no single workload opens the picker with it typed: the start of a ref finds the workload', async () => {
    // The picker matches what it shows: each workload is described by its ref.
    const result = await checkPressingEnter({ from: 'shop/front', to: CART, port: '' });
    assert.equal(result?.from.ref, FRONTEND);
    assert.equal(result?.to.ref, CART);
  });

  describe('with a Pod also named shop/frontend', () => {
    const podFile = () => exampleUri('shop/frontend-debug-pod.yaml');
    const frontendRows = async (): Promise<number> => {
      const shop = (await api.reachabilityTree.getChildren()).find(
        (node) => api.reachabilityTree.getTreeItem(node).label === 'shop',
      );
      assert.ok(shop, 'no namespace shop in the view');
      return (await api.reachabilityTree.getChildren(shop)).filter(
        (node) => api.reachabilityTree.getTreeItem(node).label === 'frontend',
      ).length;
    };

    before(async () => {
      writeFileSync(
        podFile().fsPath,
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: frontend\n  namespace: shop\n  labels:\n    app: frontend-debug\nspec:\n  containers:\n    - name: shell\n      image: busybox\n',
      );
      await eventually(async () => assert.equal(await frontendRows(), 2));
    });

    after(async () => {
      rmSync(podFile().fsPath, { force: true });
      await eventually(async () => assert.equal(await frontendRows(), 1));
    });

    it('an ambiguous ns/name offers its kinds (Deployment first), and [Kind] names the other', async () => {
      const picked = await checkPressingEnter({ from: 'shop/frontend', to: CART, port: '' });
      assert.equal(picked?.from.ref, FRONTEND);
      const pod = await check('shop/frontend[Pod]', CART, '');
      assert.equal(pod?.from.ref, 'shop/frontend[Pod]');
    });
  });

  it('the source is pre-filled with the workload at the cursor', async () => {
    const workloads = await openExample('shop/workloads.yaml');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    const onName = positionAt(workloads, 4, 'frontend', 2);
    editor.selection = new vscode.Selection(onName, onName);
    const result = await checkPressingEnter({ to: CART, port: '50051/TCP' });
    assert.equal(result?.from.ref, FRONTEND);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers the most recent pair first, with its port', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.ok(await check(CART, FRONTEND, '8080'));
    assert.ok(await check(FRONTEND, REDIS, '6379/TCP'));
    // Source picker: the recent pair first (no editor, so no workload at the cursor); port box: its port, typed.
    const again = await checkPressingEnter();
    assert.deepEqual([again?.from.ref, again?.to.ref, again?.port], [FRONTEND, REDIS, '6379/TCP']);
  });

  it('three checks show in one panel, beside the editor: no new editor column per check', async () => {
    await openExample('shop/policies.yaml');
    await check(FRONTEND, CART, '50051/TCP');
    const groups = vscode.window.tabGroups.all.length;
    for (const [from, to, port] of [
      [FRONTEND, REDIS, ''],
      [CART, REDIS, '6379/TCP'],
      [FRONTEND, CART, ''],
    ]) {
      assert.ok(await check(from, to, port));
      assert.equal(verdictTabs().length, 1, `verdict tabs after ${from} -> ${to}`);
      assert.equal(vscode.window.tabGroups.all.length, groups, 'editor groups');
    }
    assert.equal(groups, 2, 'the editor, and the panel beside it');
    assert.deepEqual(verdictTabs()[0].label, 'frontend → cart');
    assert.deepEqual(api.verdict.current?.question, { from: FRONTEND, to: CART, port: undefined });
  });

  it('Swap checks the other way round, in the same panel', async () => {
    await check(FRONTEND, CART, '50051/TCP');
    await api.verdict.receive({ type: 'swap' });
    const shown = api.verdict.current;
    assert.deepEqual(shown?.question, { from: CART, to: FRONTEND, port: '50051/TCP' });
    assert.deepEqual([shown?.result.from.ref, shown?.result.to.ref], [CART, FRONTEND]);
    assert.equal(verdictTabs().length, 1);
    assert.equal(verdictTabs()[0].label, 'cart → frontend');
  });

  it('a denied verdict is announced as a warning, an allowed one as information', async () => {
    assert.equal((await check(FRONTEND, REDIS, ''))?.allowed, false);
    assert.equal(api.verdict.current?.announced, 'warning');
    assert.equal((await check(FRONTEND, CART, '50051/TCP'))?.allowed, true);
    assert.equal(api.verdict.current?.announced, 'information');
  });

  it('a link of the panel opens the file at the line, beside the panel', async () => {
    const result = await check(FRONTEND, CART, '50051/TCP');
    const definition = result?.from.location;
    assert.ok(definition, 'frontend has no location');
    // The page numbers its links in reading order: the source's definition comes first.
    await api.verdict.receive({ type: 'open', link: 0 });
    const editor = await eventually(() => {
      const active = vscode.window.activeTextEditor;
      assert.ok(active && relativePath(active.document.uri) === 'shop/workloads.yaml', 'shop/workloads.yaml is not active');
      return active;
    });
    assert.equal(editor.selection.start.line, definition.range.start.line);
    const panelColumn = vscode.window.tabGroups.all.find((group) =>
      group.tabs.some((tab) => verdictTabs().includes(tab)),
    )?.viewColumn;
    assert.notEqual(editor.viewColumn, panelColumn);
  });
});
