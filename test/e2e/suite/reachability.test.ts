// The Reachability view and "Check Connection" on the example workspace, through the API that
// activate() returns (`reachabilityTree`, the view's own data provider) and the public command.
// Needs the server side of the netpol/* requests (the reachability engine in server/src/lsp).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, SettingKeys, type ExplainResult } from '../../../server/src/protocol';
import { exampleUri, extension } from './editor';
import { eventually, waitFor } from './waitFor';

/** What a person reads on a row of the view: its label and the grey text after it. */
interface Row {
  label: string;
  description?: string;
}

/** The view's provider, as typed by client/src/extension.ts (structurally: the suite imports no client code). */
interface TreeApi<Node> {
  getChildren(node?: Node): Promise<Node[]>;
  getTreeItem(node: Node): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
}

interface ReachabilityApi {
  ready: Promise<void>;
  reachabilityTree: TreeApi<unknown>;
  reachabilityView: { selection: readonly unknown[] };
}

interface PackageContributes {
  keybindings: Array<{ command: string; key: string; mac?: string; when?: string }>;
  menus: Record<string, Array<{ command: string; when: string; group?: string }>>;
  configuration: { properties: Record<string, { default: unknown }> };
}

const FRONTEND = 'shop/frontend[Deployment]';
const CART = 'shop/cart[Deployment]';
const REDIS = 'shop/redis[StatefulSet]';

describe('reachability in the example workspace', () => {
  let tree: TreeApi<unknown>;
  let api: ReachabilityApi;

  const row = (node: unknown): Row => {
    const item = tree.getTreeItem(node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return typeof item.description === 'string' ? { label, description: item.description } : { label };
  };
  const childNamed = async (parent: unknown, label: string): Promise<unknown> => {
    const children = await tree.getChildren(parent);
    const found = children.find((child) => row(child).label === label);
    assert.ok(
      found,
      `no row "${label}" under ${parent === undefined ? 'the root' : `"${row(parent).label}"`}; rows: ${children.map((child) => row(child).label).join(', ')}`,
    );
    return found;
  };

  before(async () => {
    api = (await extension().activate()) as ReachabilityApi;
    await api.ready;
    tree = api.reachabilityTree;
  });

  it('the root lists the policies left out as invalid first, then every namespace that has workloads, collapsed (more than five)', async () => {
    await eventually(async () => {
      const roots = await tree.getChildren();
      const rows = roots.map(row);
      assert.deepEqual(
        rows.map((r) => r.label),
        ['Left out of the analysis', 'batch', 'default', 'ingress-nginx', 'kube-system', 'monitoring', 'payments', 'shop'],
      );
      // broken/api-errors.yaml: six policies the API server would refuse; broken/malformed.yaml: one not read (YAML error).
      assert.equal(rows[0].description, '7 policies');
      assert.deepEqual(
        new Set(roots.slice(1).map((node) => tree.getTreeItem(node).collapsibleState)),
        new Set([vscode.TreeItemCollapsibleState.Collapsed]),
      );
    });
  });

  it('a namespace row counts its workloads and those not isolated; a workload row its peers, in theme colours when open', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    assert.match(row(shop).description ?? '', /^5 workloads( · \d+ not isolated)?$/);
    // A rule admits every outside address to frontend on TCP 8080 (`netpol reach --to`): open to the internet, the error colour.
    const frontend = await childNamed(shop, 'frontend');
    assert.match(row(frontend).description ?? '', /^\d+ in · \d+ out · open to 0\.0\.0\.0\/0 \+1$/);
    assert.equal(
      ((tree.getTreeItem(frontend).iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id,
      'list.errorForeground',
    );
    const cart = await childNamed(shop, 'cart');
    assert.match(row(cart).description ?? '', /^\d+ in · \d+ out$/);
    assert.equal((tree.getTreeItem(cart).iconPath as vscode.ThemeIcon).color, undefined);
    const kubeSystem = await childNamed(undefined, 'kube-system');
    const coloured = (await tree.getChildren(kubeSystem)).map(
      (node) => (tree.getTreeItem(node).iconPath as vscode.ThemeIcon).color,
    );
    assert.ok(
      coloured.some((color) => color instanceof vscode.ThemeColor),
      'kube-system has a workload no policy isolates, coloured',
    );
  });

  it('the tooltip of a workload names its file by the workspace-relative path', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    const tooltip = tree.getTreeItem(await childNamed(shop, 'frontend')).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Defined at \[shop\/workloads\.yaml:\d+\]/);
  });

  it('the filter keeps the workloads matching its text and toggles, says so beside the title, and clears', async () => {
    await eventually(async () => childNamed(undefined, 'shop'));
    try {
      await vscode.commands.executeCommand(CommandIds.filterReachability, { text: 'front' });
      const roots = await tree.getChildren();
      assert.deepEqual(
        roots.map((node) => row(node).label),
        ['shop'],
      );
      assert.equal(tree.getTreeItem(roots[0]).collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
      assert.deepEqual(
        (await tree.getChildren(roots[0])).map(row).map((r) => r.label),
        ['frontend'],
      );
      assert.equal(row(roots[0]).description, '1 of 5 workloads');

      await vscode.commands.executeCommand(CommandIds.filterReachability, { leftOut: true });
      assert.deepEqual(
        (await tree.getChildren()).map((node) => row(node).label),
        ['Left out of the analysis'],
      );

      await vscode.commands.executeCommand(CommandIds.filterReachability, { notIsolated: true });
      const open = (await tree.getChildren()).map((node) => row(node).label);
      assert.ok(open.length > 0 && !open.includes('Left out of the analysis'), open.join(', '));
    } finally {
      await vscode.commands.executeCommand(CommandIds.clearReachabilityFilter);
    }
    assert.equal((await tree.getChildren()).length, 8);
  });

  it('context menu on a workload: Copy Ref puts namespace/name[Kind] on the clipboard', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    const frontend = await childNamed(shop, 'frontend');
    assert.equal(await vscode.commands.executeCommand(CommandIds.copyWorkloadRef, frontend), FRONTEND);
    assert.equal(await vscode.env.clipboard.readText(), FRONTEND);
  });

  it('context menu on a workload: Check Connection From Here / To Here fill that end', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    const frontend = await childNamed(shop, 'frontend');
    const cart = await childNamed(shop, 'cart');
    const from = await vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnectionFrom, frontend, {
      to: CART,
      port: '50051/TCP',
    });
    assert.deepEqual([from?.from.ref, from?.to.ref, from?.allowed], [FRONTEND, CART, true]);
    const to = await vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnectionTo, cart, {
      from: REDIS,
      port: '',
    });
    assert.deepEqual([to?.from.ref, to?.to.ref], [REDIS, CART]);
  });

  it('context menu on a workload: Reveal in File opens its definition and moves the focus there', async () => {
    await vscode.commands.executeCommand(CommandIds.revealWorkloadInFile, CART);
    await eventually(() => {
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.toString(), exampleUri('shop/workloads.yaml').toString());
      assert.match(editor?.document.getText(editor.selection) ?? '', /name: cart\b/);
    });
  });

  it('package.json binds Show Reachability of Workload at Cursor to Ctrl+Alt+R (Cmd+Alt+R) in YAML and JSON editors, and contributes the workload menu', () => {
    const contributes = (extension().packageJSON as { contributes: PackageContributes }).contributes;
    assert.deepEqual(
      contributes.keybindings.find((binding) => binding.command === CommandIds.showReachabilityAtCursor),
      {
        command: CommandIds.showReachabilityAtCursor,
        key: 'ctrl+alt+r',
        mac: 'cmd+alt+r',
        when: 'editorTextFocus && (editorLangId == yaml || editorLangId == json)',
      },
    );
    const onWorkload = contributes.menus['view/item/context']
      .filter((item) => item.when.includes('viewItem == workload') || item.when.includes('(workload|'))
      .map((item) => item.command);
    for (const command of [
      CommandIds.checkConnectionFrom,
      CommandIds.checkConnectionTo,
      CommandIds.explainConnection,
      CommandIds.copyWorkloadRef,
      CommandIds.revealWorkloadInFile,
    ])
      assert.ok(onWorkload.includes(command), command);
    assert.equal(contributes.configuration.properties[SettingKeys.reachabilityFollowCursor].default, false);
  });

  it('netpol.reachability.followCursor: moving the cursor onto a workload reveals it in the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.netpol');
    await vscode.workspace
      .getConfiguration()
      .update(SettingKeys.reachabilityFollowCursor, true, vscode.ConfigurationTarget.Global);
    try {
      const document = await vscode.workspace.openTextDocument(exampleUri('shop/workloads.yaml'));
      const editor = await vscode.window.showTextDocument(document);
      const line = document
        .getText()
        .split('\n')
        .findIndex((text) => /name: cart\b/.test(text));
      assert.ok(line >= 0, 'cart is defined in shop/workloads.yaml');
      editor.selection = new vscode.Selection(line, 8, line, 8);
      await eventually(() => {
        const selected = api.reachabilityView.selection.map((node) => row(node).label);
        assert.deepEqual(selected, ['cart']);
      });
    } finally {
      await vscode.workspace
        .getConfiguration()
        .update(SettingKeys.reachabilityFollowCursor, undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('namespace shop -> its workloads -> frontend "Can reach" cart on the grpc port (TCP 50051) and DNS', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    assert.deepEqual(
      (await tree.getChildren(shop)).map((node) => row(node).label),
      ['cart', 'db-migrate', 'frontend', 'legacy-worker', 'redis'],
    );
    const frontend = await childNamed(shop, 'frontend');
    await eventually(async () =>
      assert.deepEqual(
        (await tree.getChildren(frontend)).map((node) => row(node).label),
        ['Can reach', 'Reachable from'],
      ),
    );
    const canReach = await childNamed(frontend, 'Can reach');
    assert.deepEqual((await tree.getChildren(canReach)).map(row), [
      // Peers sort by ref: kube-system/… before shop/….
      { label: 'kube-system/coredns', description: 'TCP 53; UDP 53' },
      { label: 'cart', description: 'TCP 50051' },
    ]);
  });

  it('cart "Reachable from": frontend on TCP 50051 and the monitoring Prometheus on its metrics port', async () => {
    const shop = await eventually(async () => childNamed(undefined, 'shop'));
    const cart = await childNamed(shop, 'cart');
    const reachableFrom = await eventually(async () => childNamed(cart, 'Reachable from'));
    assert.deepEqual((await tree.getChildren(reachableFrom)).map(row), [
      { label: 'monitoring/prometheus', description: 'TCP 9090' },
      { label: 'frontend', description: 'TCP 50051' },
    ]);
  });

  it('Check Connection with {from, to, port}: frontend -> cart on 50051/TCP is allowed', async () => {
    const result = await vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnection, {
      from: FRONTEND,
      to: CART,
      port: '50051/TCP',
    });
    assert.ok(result, 'Check Connection returned no verdict');
    assert.equal(result.allowed, true);
    assert.deepEqual([result.from.ref, result.to.ref, result.portsText], [FRONTEND, CART, 'TCP 50051']);
    assert.deepEqual(
      result.egress.allowingRules.map((reason) => reason.policy),
      ['shop/frontend-to-cart'],
    );
    assert.deepEqual(
      result.ingress.allowingRules.map((reason) => reason.policy),
      ['shop/cart-from-frontend'],
    );
  });

  it('Check Connection with {from, to, port: ""} (any port): frontend -> redis is denied on both sides', async () => {
    const result = await vscode.commands.executeCommand<ExplainResult | undefined>(CommandIds.checkConnection, {
      from: FRONTEND,
      to: REDIS,
      port: '',
    });
    assert.ok(result, 'Check Connection returned no verdict');
    assert.equal(result.allowed, false);
    assert.equal(result.port, undefined);
    assert.deepEqual([result.egress.isolated, result.egress.allowingRules], [true, []]);
    assert.deepEqual([result.ingress.isolated, result.ingress.allowingRules], [true, []]);
  });

  // Which policies are left out as invalid depends on the Kubernetes version (e.g. CIDRs with
  // host bits are errors from 1.36 on): the view asks again when the setting changes.
  it('changing netpol.kubernetesVersion refreshes the view, though no file changed', async () => {
    const netpol = vscode.workspace.getConfiguration('netpol');
    let refreshes = 0;
    let lastRefresh = Date.now();
    const subscription = tree.onDidChangeTreeData(() => {
      refreshes++;
      lastRefresh = Date.now();
    });
    try {
      // User settings, not the workspace's .vscode/settings.json: a file of the workspace changing would refresh the view anyway.
      // Refreshes still due from the earlier steps (documents opened and closed) must not count.
      await waitFor('a quiet view', () => Date.now() - lastRefresh > 1_500);
      refreshes = 0;
      await netpol.update('kubernetesVersion', '1.35', vscode.ConfigurationTarget.Global);
      await eventually(() => assert.ok(refreshes > 0, 'the view was not refreshed after the setting changed'));
      const labels = (await tree.getChildren()).map((node) => row(node).label);
      assert.ok(labels.includes('shop'), `the refreshed root lists no shop: ${labels.join(', ')}`);
    } finally {
      subscription.dispose();
      await netpol.update('kubernetesVersion', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
