// The reachability tree as data (client/src/reachability/treeModel.ts), from hand-written
// `netpol/workloads` and `netpol/reachability` answers shaped as protocol.ts declares them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRootNodes,
  buildWorkloadChildren,
  EXTERNAL_ICON,
  kindIcon,
  KIND_ICONS,
  ADJUSTED_LABEL,
  LEFT_OUT_LABEL,
  nodeId,
  UNKNOWN_KIND_ICON,
  workloadRowDescription,
  type TreeNode,
} from '../../client/src/reachability/treeModel';
import type {
  Connection,
  ReachabilityRequest,
  Reason,
  SourceRef,
  WorkloadSummary,
  WorkloadsRequest,
} from '../../server/src/protocol';

const at = (file: string, line: number): SourceRef => ({
  uri: `file:///workspace/${file}`,
  range: { start: { line, character: 2 }, end: { line, character: 9 } },
});

const web: WorkloadSummary = {
  ref: 'shop/web[Deployment]',
  namespace: 'shop',
  kind: 'Deployment',
  name: 'web',
  replicas: 3,
  location: at('web.yaml', 4),
  isolated: { ingress: true, egress: false },
};
const api: WorkloadSummary = {
  ref: 'shop/api[StatefulSet]',
  namespace: 'shop',
  kind: 'StatefulSet',
  name: 'api',
  replicas: 1,
  location: at('api.yaml', 0),
  isolated: { ingress: true, egress: true },
};
const nightly: WorkloadSummary = {
  ref: 'batch/nightly[CronJob]',
  namespace: 'batch',
  kind: 'CronJob',
  name: 'nightly',
  location: at('jobs.yaml', 20),
  isolated: { ingress: false, egress: false },
};

const workloads: WorkloadsRequest.Result = {
  version: 7,
  // Unsorted on purpose: the tree sorts.
  namespaces: [
    { name: 'shop', workloads: [web, api] },
    { name: 'empty', workloads: [] },
    { name: 'batch', workloads: [nightly] },
  ],
  leftOut: [{ policy: 'shop/broken', location: at('broken.yaml', 3), reason: '2 validation errors' }],
};

const apiIngressRule: Reason = {
  policy: 'shop/api-ingress',
  direction: 'ingress',
  ruleIndex: 0,
  description: 'allows from pods app=web in namespace shop on TCP 8080',
  location: at('policies.yaml', 11),
};
const apiEgressToDb: Reason = {
  policy: 'shop/api-egress',
  direction: 'egress',
  ruleIndex: 1,
  description: 'allows to pods app=db on TCP 5432',
  location: at('policies.yaml', 40),
};
const apiEgressToInternet: Reason = {
  policy: 'shop/api-egress',
  direction: 'egress',
  ruleIndex: 2,
  description: 'allows to 0.0.0.0/0 except 10.0.0.0/8 on TCP 443',
  location: at('policies.yaml', 52),
};

const toDb: Connection = {
  peer: { kind: 'workload', ref: 'data/db[StatefulSet]', location: at('db.yaml', 1) },
  ports: [{ protocol: 'TCP', ports: [[5432, 5432]] }],
  portsText: 'TCP 5432',
  reasons: [apiEgressToDb],
};
const toInternet: Connection = {
  peer: { kind: 'external', ref: '0.0.0.0/0 except 10.0.0.0/8' },
  ports: [{ protocol: 'TCP', ports: [[443, 443]] }],
  portsText: 'TCP 443',
  reasons: [apiEgressToInternet],
};
const fromWeb: Connection = {
  peer: { kind: 'workload', ref: 'shop/web[Deployment]', location: web.location },
  ports: [{ protocol: 'TCP', ports: [[8080, 8080]] }],
  portsText: 'TCP 8080',
  reasons: [apiIngressRule],
};

const apiReachability: NonNullable<ReachabilityRequest.Result> = {
  version: 7,
  workload: api,
  // The external peer first: the tree puts workloads before CIDRs.
  outbound: [toInternet, toDb],
  inbound: [fromWeb],
  leftOut: workloads.leftOut,
};

const labels = (nodes: readonly TreeNode[] | undefined) => (nodes ?? []).map((node) => node.label);
function child(node: TreeNode | undefined, label: string): TreeNode {
  const found = node?.children?.find((c) => c.label === label);
  if (!found) throw new Error(`no child ${label} under ${node?.label}: ${labels(node?.children).join(', ')}`);
  return found;
}
function allNodes(nodes: readonly TreeNode[]): TreeNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children ?? [])]);
}
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('tree model: nesting and order', () => {
  it('starts with the left-out policies, then lists namespaces by name, leaving out empty ones', () => {
    assert.deepEqual(labels(buildRootNodes(workloads)), [LEFT_OUT_LABEL, 'batch', 'shop']);
  });

  it('lists the workloads of a namespace by name; their children are left to netpol/reachability', () => {
    const shop = buildRootNodes(workloads).find((node) => node.label === 'shop');
    assert.deepEqual(labels(shop?.children), ['api', 'web']);
    const apiNode = child(shop, 'api');
    assert.equal(apiNode.role, 'workload');
    assert.equal(apiNode.collapsible, 'collapsed');
    assert.equal(apiNode.children, undefined, 'children come later, when expanded');
    assert.equal(apiNode.workloadRef, api.ref);
    assert.equal(apiNode.parentId, shop?.id);
  });

  it('puts "Can reach" (outbound) before "Reachable from" (inbound) under a workload', () => {
    const children = buildWorkloadChildren(apiReachability);
    assert.deepEqual(labels(children), ['Can reach', 'Reachable from']);
    assert.deepEqual(labels(children[1].children), ['web']);
  });

  it('lists workload peers by ref before external CIDRs, naming peers of other namespaces with their namespace', () => {
    const [canReach] = buildWorkloadChildren(apiReachability);
    assert.deepEqual(labels(canReach.children), ['data/db', '0.0.0.0/0 except 10.0.0.0/8']);
  });

  it("shows each peer's ports as its description, and its reasons as children", () => {
    const [canReach] = buildWorkloadChildren(apiReachability);
    const db = child(canReach, 'data/db');
    assert.equal(db.description, 'TCP 5432');
    assert.deepEqual(labels(db.children), ['shop/api-egress']);
    assert.equal(db.children?.[0].description, 'egress rule #1 · policies.yaml:41');
  });

  it('shows an empty workspace as no nodes at all, so that the view shows its welcome text', () => {
    assert.deepEqual(buildRootNodes({ version: 1, namespaces: [{ name: 'default', workloads: [] }], leftOut: [] }), []);
  });
});

describe('tree model: ids stay the same across refreshes', () => {
  it('gives every node the same id when a newer version brings the same workloads', () => {
    const newer = clone(workloads);
    newer.version = 8;
    newer.namespaces[0].workloads[0].replicas = 5;
    newer.namespaces[0].workloads.push({
      ...nightly,
      ref: 'shop/cart[Deployment]',
      namespace: 'shop',
      kind: 'Deployment',
      name: 'cart',
    });
    const before = new Map(allNodes(buildRootNodes(workloads)).map((node) => [node.label + node.role, node.id]));
    const after = new Map(allNodes(buildRootNodes(newer)).map((node) => [node.label + node.role, node.id]));
    for (const [key, id] of before) assert.equal(after.get(key), id, key);
  });

  it('gives the children of a workload the same ids whatever order the server lists peers in', () => {
    const reordered = clone(apiReachability);
    reordered.version = 9;
    reordered.outbound.reverse();
    const ids = (result: NonNullable<ReachabilityRequest.Result>) =>
      allNodes(buildWorkloadChildren(result))
        .map((node) => node.id)
        .sort();
    assert.deepEqual(ids(reordered), ids(apiReachability));
  });

  it('builds ids from namespace / ref / direction / peer ref', () => {
    const [canReach, reachableFrom] = buildWorkloadChildren(apiReachability);
    assert.equal(canReach.id, nodeId('shop', api.ref, 'outbound'));
    assert.equal(child(reachableFrom, 'web').id, nodeId('shop', api.ref, 'inbound', web.ref));
  });

  it('never gives two nodes the same id, even for the same peer in both directions', () => {
    const both = clone(apiReachability);
    both.inbound.push({ ...toDb, reasons: [{ ...apiIngressRule, ruleIndex: 3 }] });
    const ids = [...allNodes(buildRootNodes(workloads)), ...allNodes(buildWorkloadChildren(both))].map((node) => node.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps ids apart when refs contain the separator', () => {
    assert.notEqual(nodeId('a/b', 'c'), nodeId('a', 'b/c'));
  });

  it('links each node to its parent, up to the workload node the root built', () => {
    const apiNode = child(
      buildRootNodes(workloads).find((node) => node.label === 'shop'),
      'api',
    );
    const [canReach] = buildWorkloadChildren(apiReachability);
    const db = child(canReach, 'data/db');
    assert.equal(canReach.parentId, apiNode.id);
    assert.equal(db.parentId, canReach.id);
    assert.equal(db.children?.[0].parentId, db.id);
  });
});

describe('tree model: what each node says', () => {
  it('describes a workload by what is not isolated, else its peer counts; "isolated" alone when the server counts no peers', () => {
    assert.equal(workloadRowDescription(web), 'not isolated for egress');
    assert.equal(workloadRowDescription({ ...web, peers: { inbound: 3, outbound: 5000 } }), 'not isolated for egress · 3 in');
    assert.equal(workloadRowDescription(api), 'isolated');
    assert.equal(workloadRowDescription({ ...api, peers: { inbound: 3, outbound: 2 } }), '3 in · 2 out');
    assert.equal(
      workloadRowDescription({ isolated: { ingress: false, egress: true }, peers: { inbound: 9, outbound: 0 } }),
      'not isolated for ingress · 0 out',
    );
    assert.equal(workloadRowDescription(nightly), 'not isolated');
  });

  it('says from which outside addresses an isolated ingress lets traffic in; a direction not isolated lets everybody in anyway', () => {
    const open = { ...api, peers: { inbound: 4, outbound: 2 }, fromOutside: ['0.0.0.0/0', '::/0'] };
    assert.equal(workloadRowDescription(open), '4 in · 2 out · open to 0.0.0.0/0 +1');
    assert.equal(workloadRowDescription({ ...open, fromOutside: ['10.0.0.0/8'] }), '4 in · 2 out · open to 10.0.0.0/8');
    assert.equal(workloadRowDescription({ ...nightly, fromOutside: ['0.0.0.0/0', '::/0'] }), 'not isolated');
  });

  it("puts the reasons in a peer's tooltip: policy, rule index, description and file:line linked to the line", () => {
    const [, reachableFrom] = buildWorkloadChildren(apiReachability);
    const tooltip = child(reachableFrom, 'web').tooltip ?? '';
    assert.match(tooltip, /`shop\/api-ingress` ingress rule #0/);
    assert.match(tooltip, /allows from pods app=web in namespace shop on TCP 8080/);
    assert.ok(tooltip.includes('[policies.yaml:12](file:///workspace/policies.yaml#L12)'), tooltip);
    assert.ok(tooltip.includes('TCP 8080'));
  });

  it("opens the peer's definition on click, and the rule on a reason", () => {
    const [, reachableFrom] = buildWorkloadChildren(apiReachability);
    const peer = child(reachableFrom, 'web');
    assert.deepEqual(peer.open, web.location);
    assert.deepEqual(peer.children?.[0].open, apiIngressRule.location);
  });

  it('opens the workload definition from a workload node and tells its kind, replicas and isolation in the tooltip', () => {
    const webNode = child(
      buildRootNodes(workloads).find((node) => node.label === 'shop'),
      'web',
    );
    assert.deepEqual(webNode.open, web.location);
    assert.match(webNode.tooltip ?? '', /\(Deployment\)/);
    assert.match(webNode.tooltip ?? '', /3 replicas/);
    assert.match(webNode.tooltip ?? '', /Egress: not isolated/);
    assert.ok(webNode.tooltip?.includes('[web.yaml:5](file:///workspace/web.yaml#L5)'));
  });

  it('shows an external peer with the globe icon, opening its first rule (it has no definition)', () => {
    const [canReach] = buildWorkloadChildren(apiReachability);
    const internet = child(canReach, '0.0.0.0/0 except 10.0.0.0/8');
    assert.equal(internet.icon, EXTERNAL_ICON);
    assert.equal(EXTERNAL_ICON, 'globe');
    assert.equal(internet.contextValue, 'peer.external');
    assert.deepEqual(internet.open, apiEgressToInternet.location);
    assert.match(internet.tooltip ?? '', /^External `0\.0\.0\.0\/0 except 10\.0\.0\.0\/8`: TCP 443/);
  });

  it('gives workload peers the icon of their kind, read from the ref', () => {
    const [canReach, reachableFrom] = buildWorkloadChildren(apiReachability);
    assert.equal(child(canReach, 'data/db').icon, KIND_ICONS.StatefulSet);
    assert.equal(child(reachableFrom, 'web').icon, KIND_ICONS.Deployment);
    assert.equal(child(canReach, 'data/db').contextValue, 'peer.workload');
  });

  it('has one codicon per workload kind, and a fallback for others', () => {
    const kinds = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet', 'ReplicationController'];
    const icons = kinds.map(kindIcon);
    assert.equal(new Set([...icons, EXTERNAL_ICON, UNKNOWN_KIND_ICON]).size, kinds.length + 2, 'all distinct');
    assert.equal(kindIcon('Rollout'), UNKNOWN_KIND_ICON);
    assert.equal(kindIcon(undefined), UNKNOWN_KIND_ICON);
  });

  it('says when a direction is not isolated, and "nobody" / "nothing" when no peer is allowed', () => {
    const lonely = clone(apiReachability);
    lonely.workload = { ...api, isolated: { ingress: true, egress: false } };
    lonely.inbound = [];
    const [canReach, reachableFrom] = buildWorkloadChildren(lonely);
    assert.equal(canReach.description, '2 peers · not isolated');
    assert.match(canReach.tooltip ?? '', /not isolated: no NetworkPolicy selects it for egress/);
    assert.equal(reachableFrom.description, 'nobody');
    assert.equal(reachableFrom.collapsible, 'none');
    lonely.outbound = [];
    assert.equal(buildWorkloadChildren(lonely)[0].description, 'nothing · not isolated');
  });

  it('fills "Explain" with both ends in traffic order on peers, and the source alone on workloads', () => {
    const [canReach, reachableFrom] = buildWorkloadChildren(apiReachability);
    assert.deepEqual(child(canReach, 'data/db').explain, { from: api.ref, to: 'data/db[StatefulSet]' });
    assert.deepEqual(child(reachableFrom, 'web').explain, { from: web.ref, to: api.ref });
    const webNode = child(
      buildRootNodes(workloads).find((node) => node.label === 'shop'),
      'web',
    );
    assert.deepEqual(webNode.explain, { from: web.ref });
    assert.equal(webNode.contextValue, 'workload');
  });
});

describe('tree model: Helm charts not rendered', () => {
  const web = {
    chart: 'web',
    uri: 'file:///workspace/charts/web/Chart.yaml',
    networkPolicyTemplates: 1,
    workloadTemplates: 2,
    reason: 'helm was not found: install helm or set netpol.helm.command',
  };
  const redis = { ...web, chart: 'redis', uri: 'file:///workspace/charts/web/charts/redis/Chart.yaml', workloadTemplates: 1 };

  it('lists each chart under "Left out of the analysis" after the policies, with what it leaves out and why; a click opens Chart.yaml', () => {
    const group = buildRootNodes({ ...workloads, unrenderedCharts: [redis, web] })[0];
    assert.equal(group?.label, LEFT_OUT_LABEL);
    assert.equal(group?.description, '1 policy, 2 Helm charts');
    assert.match(group?.tooltip ?? '', /Helm charts that were not rendered/);
    assert.deepEqual(labels(group?.children ?? []), ['shop/broken', 'web', 'redis']);
    const chart = group.children![1];
    assert.equal(chart.description, 'Helm chart not rendered · 1 NetworkPolicy template, 2 workload templates');
    assert.equal(
      chart.tooltip,
      'Helm chart `web` is not rendered (helm was not found: install helm or set netpol.helm.command): 1 NetworkPolicy template, 2 workload templates in its templates/ are not analysed.\n\n[Chart.yaml:1](file:///workspace/charts/web/Chart.yaml#L1)',
    );
    assert.deepEqual(chart.open, { uri: web.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    assert.equal(chart.contextValue, 'leftOut.chart');
    assert.equal(chart.collapsible, 'none');
    assert.equal(new Set(group.children!.map((node) => node.id)).size, 3);
  });

  it('shows the group for charts alone (no policy left out, no workload), counting charts only', () => {
    const roots = buildRootNodes({ version: 1, namespaces: [], leftOut: [], unrenderedCharts: [web] });
    assert.deepEqual(labels(roots), [LEFT_OUT_LABEL]);
    assert.equal(roots[0].description, '1 Helm chart');
    assert.deepEqual(labels(roots[0].children ?? []), ['web']);
  });
});

describe('tree model: left-out policies', () => {
  it('puts left-out policies under "Left out of the analysis" with their reason, opening the policy', () => {
    const group = buildRootNodes(workloads)[0];
    assert.equal(group?.label, LEFT_OUT_LABEL);
    assert.equal(group?.description, '1 policy');
    const [broken] = group?.children ?? [];
    assert.equal(broken.label, 'shop/broken');
    assert.equal(broken.description, '2 validation errors');
    assert.deepEqual(broken.open, at('broken.yaml', 3));
    assert.match(broken.tooltip ?? '', /\[broken\.yaml:4\]\(file:\/\/\/workspace\/broken\.yaml#L4\)/);
  });

  it('shows the left-out node even when no workload exists', () => {
    assert.deepEqual(labels(buildRootNodes({ ...workloads, namespaces: [] })), [LEFT_OUT_LABEL]);
  });

  it('keeps two left-out policies of the same name (two files) apart', () => {
    const twice = { ...workloads, leftOut: [...workloads.leftOut, { ...workloads.leftOut[0], location: at('other.yaml', 0) }] };
    const ids = (buildRootNodes(twice)[0]?.children ?? []).map((node) => node.id);
    assert.equal(new Set(ids).size, 2);
  });

  it('has no left-out node when every policy is valid', () => {
    assert.ok(!labels(buildRootNodes({ ...workloads, leftOut: [] })).includes(LEFT_OUT_LABEL));
  });

  it('lists policies analysed without their unknown fields in a group of their own, after the left-out one, before the namespaces', () => {
    const stored = { policy: 'shop/db-deny', location: at('db.yaml', 4), reason: 'analysed without the unknown field `status`' };
    const roots = buildRootNodes({ ...workloads, adjusted: [stored] });
    assert.deepEqual(labels(roots), [LEFT_OUT_LABEL, ADJUSTED_LABEL, 'batch', 'shop']);
    const [node] = roots[1]?.children ?? [];
    assert.equal(node.label, 'shop/db-deny');
    assert.match(node.tooltip ?? '', /is analysed as the API server stores it: analysed without the unknown field/);
    assert.notEqual(node.id, roots[0]?.children?.[0].id);
  });
});

describe('tree model: policies of other kinds', () => {
  const governed: WorkloadSummary = {
    ...web,
    notModelled: [
      {
        kind: 'CiliumNetworkPolicy',
        apiVersion: 'cilium.io/v2',
        policy: 'shop/deny-xwing',
        title: 'CiliumNetworkPolicy shop/deny-xwing',
        directions: ['ingress'],
        certain: true,
        location: at('cilium.yaml', 4),
      },
      {
        kind: 'GlobalNetworkPolicy',
        apiVersion: 'projectcalico.org/v3',
        policy: 'odd',
        title: 'Calico GlobalNetworkPolicy odd',
        directions: ['ingress'],
        certain: false,
        location: at('calico.yaml', 2),
      },
    ],
  };

  it('says "not modelled" and the kinds in the description, each policy with its link in the tooltip', () => {
    assert.equal(
      workloadRowDescription(governed),
      'not isolated for egress · not modelled: CiliumNetworkPolicy, GlobalNetworkPolicy',
    );
    const node = child(
      buildRootNodes({ version: 1, namespaces: [{ name: 'shop', workloads: [governed] }], leftOut: [] }).find(
        (n) => n.label === 'shop',
      ),
      'web',
    );
    assert.match(node.tooltip ?? '', /\*\*Not modelled\*\*: also governed by policies of other kinds/);
    assert.match(node.tooltip ?? '', /the cluster may decide differently/);
    assert.match(
      node.tooltip ?? '',
      /- CiliumNetworkPolicy shop\/deny-xwing \(ingress\) \[cilium\.yaml:5\]\(file:\/\/\/workspace\/cilium\.yaml#L5\)/,
    );
    assert.match(
      node.tooltip ?? '',
      /Calico GlobalNetworkPolicy odd \(ingress; its selector is not understood, it may select this workload\)/,
    );
  });

  it('a workload no other kind governs reads as before', () => {
    assert.doesNotMatch(workloadRowDescription(web), /not modelled/);
  });
});
