// When the reachability view asks the server again (client/src/reachability/treeData.ts):
// once per workspace version, never emptying the view while waiting or on failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReachabilityTreeData } from '../../client/src/reachability/treeData';
import type { TreeNode } from '../../client/src/reachability/treeModel';
import type {
  NamespacesRequest,
  NamespaceWorkloadsRequest,
  ReachabilityRequest,
  WorkloadSummary,
  WorkloadsRequest,
} from '../../server/src/protocol';

const web: WorkloadSummary = {
  ref: 'shop/web[Deployment]',
  namespace: 'shop',
  kind: 'Deployment',
  name: 'web',
  replicas: 2,
  isolated: { ingress: true, egress: false },
};

/** A server whose answers carry `version`; counts the requests it gets. */
class FakeServer {
  version = 1;
  workloadNames = ['web'];
  failing = false;
  calls = { workloads: 0, namespaces: 0, namespaceWorkloads: 0, reachability: 0 };
  /** The `analysed` flag of each netpol/namespaces request, in order. */
  readonly analysedAsked: boolean[] = [];

  async workloads(): Promise<WorkloadsRequest.Result> {
    this.calls.workloads++;
    if (this.failing) throw new Error('connection closed');
    return { version: this.version, namespaces: [{ name: 'shop', workloads: this.shop() }], leftOut: [] };
  }

  async namespaces(analysed: boolean): Promise<NamespacesRequest.Result> {
    this.calls.namespaces++;
    this.analysedAsked.push(analysed);
    if (this.failing) throw new Error('connection closed');
    const counts = { name: 'shop', workloads: this.workloadNames.length };
    return analysed
      ? { version: this.version, analysed, namespaces: [{ ...counts, notIsolated: counts.workloads }], leftOut: [] }
      : { version: this.version, analysed, namespaces: [counts] };
  }

  async namespaceWorkloads(namespace: string): Promise<NamespaceWorkloadsRequest.Result> {
    this.calls.namespaceWorkloads++;
    if (this.failing) throw new Error('connection closed');
    return { version: this.version, workloads: namespace === 'shop' ? this.shop() : [] };
  }

  private shop(): WorkloadSummary[] {
    return this.workloadNames.map((name) => ({ ...web, name, ref: `shop/${name}[Deployment]` }));
  }

  async reachability(workload: string): Promise<ReachabilityRequest.Result> {
    this.calls.reachability++;
    if (this.failing) throw new Error('connection closed');
    if (workload !== web.ref) return null;
    return {
      version: this.version,
      workload: web,
      outbound: [{ peer: { kind: 'external', ref: '0.0.0.0/0' }, ports: 'all', portsText: 'all ports', reasons: [] }],
      inbound: [],
      leftOut: [],
    };
  }
}

function setup() {
  const server = new FakeServer();
  const failures: string[] = [];
  const data = new ReachabilityTreeData(server, (what) => failures.push(what));
  return { server, data, failures };
}

async function webNode(data: ReachabilityTreeData): Promise<TreeNode> {
  const node = await data.findWorkload(web.ref);
  assert.ok(node, 'web is in the tree');
  return node;
}

describe('tree data: one refresh per workspace version', () => {
  it('asks for a root refresh once per notified version', () => {
    const { data } = setup();
    assert.equal(data.resultsChanged(2), true);
    assert.equal(data.resultsChanged(2), false, 'the same version again');
    assert.equal(data.resultsChanged(3), true);
  });

  it('answers again from the cache while the version does not move', async () => {
    const { server, data } = setup();
    await data.rootNodes();
    await data.rootNodes();
    const node = await webNode(data);
    await data.childNodes(node);
    await data.childNodes(node);
    assert.deepEqual(server.calls, { workloads: 0, namespaces: 2, namespaceWorkloads: 1, reachability: 1 });
    assert.deepEqual(server.analysedAsked, [false, true], 'the index first, then the analysis');
  });

  it('asks again for the root and for expanded workloads after a newer version', async () => {
    const { server, data } = setup();
    const node = await webNode(data);
    await data.childNodes(node);
    server.version = 2;
    data.resultsChanged(2);
    const [shop] = await data.rootNodes();
    await data.childNodes(shop);
    await data.childNodes(node);
    assert.deepEqual(server.calls, { workloads: 0, namespaces: 3, namespaceWorkloads: 2, reachability: 2 });
    assert.deepEqual(server.analysedAsked, [false, true, true], 'once analysed, a refresh waits for the analysis');
  });

  it('shares one request between the calls made while it runs', async () => {
    const { server, data } = setup();
    const [a, b] = await Promise.all([data.rootNodes(), data.rootNodes()]);
    assert.deepEqual(server.analysedAsked, [false, true], 'one answer from the index, one fill-in');
    assert.equal(a, b);
  });

  it('asks again after "Refresh" even when the version did not move', async () => {
    const { server, data } = setup();
    await data.rootNodes();
    data.invalidate();
    await data.rootNodes();
    assert.equal(server.calls.namespaces, 3);
  });

  it('asks again after a server restart, whose versions start over lower', async () => {
    const { server, data } = setup();
    server.version = 5;
    data.resultsChanged(5);
    await data.rootNodes();
    data.serverRestarted();
    server.version = 1;
    await data.rootNodes();
    assert.equal(server.calls.namespaces, 3);
    assert.equal(data.resultsChanged(1), true, 'version 1 of the new server is news');
    assert.equal(data.resultsChanged(1), false);
  });
});

describe('tree data: the view is never emptied by a failure', () => {
  it('keeps the nodes it has when the server cannot answer, and logs the failure', async () => {
    const { server, data, failures } = setup();
    const node = await webNode(data);
    const before = await data.rootNodes();
    const children = await data.childNodes(node);
    server.failing = true;
    data.resultsChanged(2);
    assert.deepEqual(await data.rootNodes(), before);
    assert.deepEqual(await data.childNodes(node), children);
    assert.deepEqual(failures, ['namespaces', 'workload shop/web[Deployment]']);
  });

  it('shows nothing (the welcome text) when the server never answered', async () => {
    const { server, data } = setup();
    server.failing = true;
    assert.deepEqual(await data.rootNodes(), []);
  });
});

describe('tree data: children, parents and reveal', () => {
  it('gives a workload the children netpol/reachability describes, and other nodes their own', async () => {
    const { data } = setup();
    const [canReach, reachableFrom] = await data.childNodes(await webNode(data));
    assert.deepEqual([canReach.label, reachableFrom.label], ['Can reach', 'Reachable from']);
    assert.deepEqual(
      (await data.childNodes(canReach)).map((node) => node.label),
      ['0.0.0.0/0'],
    );
  });

  it('knows the parent of every node shown, for TreeView.reveal', async () => {
    const { data } = setup();
    const node = await webNode(data);
    const [canReach] = await data.childNodes(node);
    const [internet] = await data.childNodes(canReach);
    assert.equal(data.parentNode(internet)?.id, canReach.id);
    assert.equal(data.parentNode(canReach)?.id, node.id);
    assert.equal(data.parentNode(node)?.label, 'shop');
    assert.equal(data.parentNode(data.parentNode(node)!), undefined);
  });

  it('finds a workload added since the root was built, by asking once more', async () => {
    const { server, data } = setup();
    await data.rootNodes();
    server.workloadNames = ['web', 'cart'];
    const cart = await data.findWorkload('shop/cart[Deployment]');
    assert.equal(cart?.label, 'cart');
    assert.equal(await data.findWorkload('shop/none[Deployment]'), undefined);
  });

  it('gives no children to a workload the server no longer knows', async () => {
    const { data } = setup();
    const node = await webNode(data);
    assert.deepEqual(await data.childNodes({ ...node, workloadRef: 'shop/gone[Deployment]' }), []);
  });
});

describe('tree data: the filter', () => {
  it('rebuilds the root under a new filter without asking the server, and finds no node for a workload it hides', async () => {
    const { server, data } = setup();
    server.workloadNames = ['web', 'api'];
    data.setFilter({ text: 'api', notIsolated: false, fromOutside: false, leftOut: false });
    assert.equal((await data.rootNodes())[0].children?.length, 1);
    data.setFilter({ text: '', notIsolated: false, fromOutside: false, leftOut: false });
    assert.equal((await data.rootNodes())[0].children, undefined, 'unfiltered, workloads come when the namespace opens');
    data.setFilter({ text: 'api', notIsolated: false, fromOutside: false, leftOut: false });
    const [namespace] = await data.rootNodes();
    assert.deepEqual(
      namespace.children?.map((node) => node.label),
      ['api'],
    );
    assert.equal(await data.findWorkload('shop/web[Deployment]'), undefined);
    assert.equal(data.hiddenByFilter('shop/web[Deployment]'), true);
    assert.equal(server.calls.workloads, 1, 'neither the filter nor a hidden workload asks the server again');
    assert.equal(data.workloadSummary('shop/web[Deployment]')?.name, 'web');
  });
});

describe('tree data: namespaces first', () => {
  it('shows the namespaces from the index at once, and the counts of the analysis when they come', async () => {
    const server = new FakeServer();
    const filledIn: string[] = [];
    const data = new ReachabilityTreeData(server, () => undefined, {
      onRootsFilledIn: () => filledIn.push('refresh'),
    });
    const [quick] = await data.rootNodes();
    assert.equal(quick.description, '1 workload');
    assert.equal(quick.children, undefined);
    await eventually(() => assert.deepEqual(filledIn, ['refresh']));
    const [analysed] = await data.rootNodes();
    assert.equal(analysed.description, '1 workload · 1 not isolated');
    assert.equal(analysed.id, quick.id, 'the same node, so VS Code keeps it open');
    assert.deepEqual(server.analysedAsked, [false, true]);
  });

  it('asks for the workloads of a namespace when it opens, once per version, and knows their parent', async () => {
    const { server, data } = setup();
    server.workloadNames = ['web', 'api'];
    const [shop] = await data.rootNodes();
    const workloads = await data.childNodes(shop);
    await data.childNodes(shop);
    assert.deepEqual(
      workloads.map((node) => node.label),
      ['api', 'web'],
    );
    assert.equal(data.parentNode(workloads[0])?.id, shop.id);
    assert.equal(server.calls.namespaceWorkloads, 1);
    data.resultsChanged(2);
    server.version = 2;
    await data.childNodes((await data.rootNodes())[0]);
    assert.equal(server.calls.namespaceWorkloads, 2);
    assert.equal(server.calls.workloads, 0, 'no answer with every workload while nothing is filtered');
  });

  it('asks for the children of the open nodes with the root after a change, not one level at a time, and not for closed ones', async () => {
    const { server, data } = setup();
    const [shop] = await data.rootNodes();
    data.expanded(shop);
    const [node] = await data.childNodes(shop);
    data.expanded(node);
    await data.childNodes(node);
    assert.deepEqual([server.calls.namespaceWorkloads, server.calls.reachability], [1, 1]);

    const rootsAsked = server.calls.namespaces;
    server.version = 2;
    data.resultsChanged(2);
    // Before VS Code has asked for the new root.
    assert.deepEqual([server.calls.namespaceWorkloads, server.calls.reachability], [2, 2]);
    assert.equal(server.calls.namespaces, rootsAsked + 1);
    const [shopAgain] = await data.rootNodes();
    const [nodeAgain] = await data.childNodes(shopAgain);
    await data.childNodes(nodeAgain);
    assert.deepEqual(
      [server.calls.namespaces, server.calls.namespaceWorkloads, server.calls.reachability],
      [rootsAsked + 1, 2, 2],
      'VS Code gets the answers asked already',
    );

    data.collapsed(nodeAgain);
    server.version = 3;
    data.resultsChanged(3);
    assert.deepEqual([server.calls.namespaceWorkloads, server.calls.reachability], [3, 2]);
  });

  it('asks nothing ahead of VS Code while the view is hidden, or before it was ever shown', async () => {
    const server = new FakeServer();
    let visible = true;
    const data = new ReachabilityTreeData(server, () => undefined, { visible: () => visible });
    data.resultsChanged(1);
    assert.deepEqual(server.calls, { workloads: 0, namespaces: 0, namespaceWorkloads: 0, reachability: 0 });
    const [shop] = await data.rootNodes();
    data.expanded(shop);
    await data.childNodes(shop);
    const before = { ...server.calls };
    visible = false;
    server.version = 2;
    data.resultsChanged(2);
    assert.deepEqual(server.calls, before);
  });
});

async function eventually(check: () => void): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return check();
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
