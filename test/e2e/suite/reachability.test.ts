// The Reachability view and "Check Connection" on the example workspace, through the API that
// activate() returns (`reachabilityTree`, the view's own data provider) and the public command.
// Needs the server side of the netpol/* requests (the reachability engine in server/src/lsp).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandIds, type ExplainResult } from '../../../server/src/protocol';
import { extension } from './editor';
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
}

const FRONTEND = 'shop/frontend[Deployment]';
const CART = 'shop/cart[Deployment]';
const REDIS = 'shop/redis[StatefulSet]';

describe('reachability in the example workspace', () => {
  let tree: TreeApi<unknown>;

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
    const api = (await extension().activate()) as ReachabilityApi;
    await api.ready;
    tree = api.reachabilityTree;
  });

  it('the root lists every namespace that has workloads, then the policies left out as invalid', async () => {
    await eventually(async () => {
      const rows = (await tree.getChildren()).map(row);
      assert.deepEqual(
        rows.map((r) => r.label),
        ['batch', 'default', 'ingress-nginx', 'kube-system', 'monitoring', 'payments', 'shop', 'Left out of the analysis'],
      );
      // broken/api-errors.yaml: six policies the API server would refuse; broken/malformed.yaml: one not read (YAML error).
      assert.equal(rows.at(-1)?.description, '7 policies');
    });
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
