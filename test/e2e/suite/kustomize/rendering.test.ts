// Rendering in the editor, on a copy of test/fixtures/kustomize-contexts: two overlays of one base,
// both in namespace shop, so they describe two clusters and the editor analyses one at a time
// (the analysis context). What the real `kubectl kustomize` renders is what the status bar, the
// diagnostics of the base files and the Reachability view show; a click on a rendered workload
// opens the base file it came from. test/lsp/rendering.test.ts pins the same over JSON-RPC.
//
// kustomize semantics relied on: `namespace:` sets metadata.namespace of every resource
// (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/namespace/), and a
// strategic-merge patch in `patches:` replaces the `ports` list of the matching NetworkPolicy
// (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/); a named
// port that no container declares allows nothing (https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports
// and the NetworkPolicyPort API: a named port resolves against the pods' container ports).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { CommandIds, type ContextsRequest, type SetContextRequest } from '../../../../server/src/protocol';
import { exampleUri, extension, ourDiagnostics, relativePath } from '../editor';
import { eventually } from '../waitFor';

/** activate()'s API (client/src/extension.ts), structurally: the suite imports no client code. */
interface TreeApi<Node> {
  getChildren(node?: Node): Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
}
interface RenderingApi {
  ready: Promise<void>;
  reachabilityTree: TreeApi<WorkloadNode>;
  analysisContext: {
    refresh(): Promise<ContextsRequest.Result | undefined>;
    statusBar(): { visible: boolean; text: string; tooltip: string };
  };
}
/** The part of client/src/reachability/treeModel.ts's TreeNode the test reads: the ref a workload row stands for. */
interface WorkloadNode {
  workloadRef?: string;
}

const DEV = 'overlays/dev';
const PROD = 'overlays/prod';
/** The status bar item's text while no build is rendering (contextView.ts, STATE_ICONS.idle). */
const idleText = (label: string) => `$(layers) ${label}`;
/** What the server adds to a finding on a value a build set (test/lsp/rendering.test.ts). */
const DEV_NOTE =
  '[in the output of kustomize build overlays/dev: the value there is set by the build, from ../overlays/dev/kustomization.yaml, not written here]';

function requireKubectl(): void {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    assert.fail(
      'These tests render with the real kustomize: install kubectl (it embeds kustomize v5) and put it on the PATH of the editor.',
    );
  }
}

describe('rendering kustomize overlays in the editor', () => {
  let api: RenderingApi;
  let tree: TreeApi<WorkloadNode>;
  const policy = () => exampleUri('base/policy.yaml');

  const label = (node: WorkloadNode): string => {
    const item = tree.getTreeItem(node);
    return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  };
  const childNamed = async (parent: WorkloadNode | undefined, name: string): Promise<WorkloadNode> => {
    const children = await tree.getChildren(parent);
    const found = children.find((child) => label(child) === name);
    assert.ok(
      found,
      `no row "${name}" under ${parent ? `"${label(parent)}"` : 'the root'}; rows: ${children.map(label).join(', ')}`,
    );
    return found;
  };
  /** The rows under api's "Reachable from": label and the ports after it. */
  const apiReachableFrom = async (): Promise<string[]> => {
    const api = await childNamed(await childNamed(undefined, 'shop'), 'api');
    const inbound = await childNamed(api, 'Reachable from');
    return (await tree.getChildren(inbound)).map((node) => `${label(node)} ${String(tree.getTreeItem(node).description)}`);
  };
  const np3003 = () => ourDiagnostics(policy()).filter((d) => d.code === 'NP3003');
  const messagesOf = (uri: vscode.Uri, code: string) =>
    vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source === 'netpol' && String(typeof d.code === 'object' ? d.code.value : d.code) === code)
      .map((d) => d.message);

  before(async () => {
    requireKubectl();
    api = (await extension().activate()) as RenderingApi;
    await api.ready;
    tree = api.reachabilityTree;
  });

  after(() => vscode.commands.executeCommand(CommandIds.pickContext, { id: undefined }));

  it('the overlays collide (same objects, same namespace): the default context is overlays/dev, with a notice, named in the status bar', async () => {
    const contexts = await eventually(async () => {
      const result = await api.analysisContext.refresh();
      assert.ok(result, 'netpol/contexts answered');
      const active = result.contexts.find((context) => context.id === result.active);
      assert.equal(active?.label, DEV, JSON.stringify(result));
      assert.ok(result.notice, 'the collision is learnt from what the builds render');
      return result;
    });
    assert.deepEqual(
      contexts.contexts.filter((context) => context.builds.length > 0).map((context) => context.label),
      [DEV, PROD],
    );
    assert.match(contexts.notice ?? '', /Pick Analysis Context/);
    await eventually(() => assert.equal(api.analysisContext.statusBar().text, idleText(DEV)));
    assert.equal(api.analysisContext.statusBar().visible, true);
  });

  it("under overlays/dev, base/policy.yaml shows NP3003 on the port the overlay patched, with the build's note", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(policy()));
    await eventually(() => {
      // `- port: http` is line 15 of base/policy.yaml; overlays/dev patches it to `debug`, which no container names.
      assert.deepEqual(
        np3003().map((d) => d.range[0]),
        [14],
      );
      const [message] = messagesOf(policy(), 'NP3003');
      assert.match(message, /"debug"/);
      assert.ok(message.includes(DEV_NOTE), message);
    });
    // A named port that resolves to nothing allows nothing: web cannot reach api.
    await eventually(async () => assert.deepEqual(await apiReachableFrom(), []));
  });

  it('netpol.pickContext with {id} switches to overlays/prod: the status bar names it, the finding is gone', async () => {
    const contexts = await api.analysisContext.refresh();
    const prod = contexts?.contexts.find((context) => context.label === PROD);
    assert.ok(prod, `no context ${PROD}: ${JSON.stringify(contexts)}`);
    const chosen = await vscode.commands.executeCommand<SetContextRequest.Result | undefined>(CommandIds.pickContext, {
      id: prod.id,
    });
    assert.equal(chosen?.active, prod.id);
    await eventually(() => assert.equal(api.analysisContext.statusBar().text, idleText(PROD)));
    assert.match(api.analysisContext.statusBar().tooltip, /^Analysis context: overlays\/prod/);
    await eventually(() => assert.deepEqual(np3003(), []));
  });

  it('the Reachability view shows what overlays/prod renders: shop/api and shop/web, web reaching api on the named port http (TCP 8080)', async () => {
    await eventually(async () => {
      const namespaces = (await tree.getChildren()).map(label);
      assert.deepEqual(namespaces, ['shop']);
      const shop = await childNamed(undefined, 'shop');
      assert.deepEqual(
        (await tree.getChildren(shop)).map((node) => node.workloadRef),
        ['shop/api[Deployment]', 'shop/web[Deployment]'],
      );
      assert.deepEqual(await apiReachableFrom(), ['web TCP 8080']);
    });
  });

  it('a click on the rendered shop/api opens base/workloads.yaml at its Deployment', async () => {
    const api = await childNamed(await childNamed(undefined, 'shop'), 'api');
    const command = tree.getTreeItem(api).command;
    assert.ok(command, 'the api row opens something when clicked');
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await eventually(() => {
      const active = vscode.window.activeTextEditor;
      assert.ok(active, 'an editor is active');
      assert.equal(relativePath(active.document.uri), 'base/workloads.yaml');
      return active;
    });
    const lines = editor.document.getText().split(/\r?\n/);
    const nameLine = lines.indexOf('  name: api');
    const documentStart = lines.lastIndexOf('---', nameLine) + 1;
    assert.ok(nameLine > documentStart && documentStart > 0, 'api is the second document of base/workloads.yaml');
    // The selection is the whole Deployment document: it starts at its first line and holds `name: api`.
    assert.equal(editor.selection.start.line, documentStart);
    assert.ok(editor.selection.contains(new vscode.Position(nameLine, 2)), `selection ${JSON.stringify(editor.selection)}`);
  });
});
