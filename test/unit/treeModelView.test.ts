// The reachability tree at scale (client/src/reachability/treeModel.ts): natural order, namespaces
// collapsed past a handful, counts and colours at a glance, the filter, workspace-relative paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildNamespaceChildren,
  buildNamespaceRootNodes,
  buildRootNodes,
  buildWorkloadChildren,
  Colors,
  COLLAPSE_NAMESPACES_ABOVE,
  compareNatural,
  LEFT_OUT_LABEL,
  NO_FILTER,
  summarizeNamespaces,
  summarizeRoot,
  type TreeNode,
  type ViewFilter,
} from '../../client/src/reachability/treeModel';
import { emptyFilterMessage, filterDescription, viewBadge } from '../../client/src/reachability/treeViewText';
import type { Connection, NamespacesRequest, SourceRef, WorkloadSummary, WorkloadsRequest } from '../../server/src/protocol';

const at = (file: string, line = 0): SourceRef => ({
  uri: `file:///workspace/${file}`,
  range: { start: { line, character: 0 }, end: { line, character: 4 } },
});

function workload(namespace: string, name: string, more: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return {
    ref: `${namespace}/${name}[Deployment]`,
    namespace,
    kind: 'Deployment',
    name,
    location: at(`${namespace}/workloads.yaml`),
    isolated: { ingress: true, egress: true },
    labels: { app: name },
    peers: { inbound: 1, outbound: 1 },
    ...more,
  };
}

/** `count` namespaces ns-0 … ns-<count-1>, listed in code-unit order (ns-10 before ns-2), two workloads each. */
function namespaces(count: number): WorkloadsRequest.Result {
  const names = Array.from({ length: count }, (_, i) => `ns-${i}`).sort();
  return {
    version: 1,
    namespaces: names.map((name) => ({ name, workloads: [workload(name, 'web-10'), workload(name, 'web-2')] })),
    leftOut: [],
  };
}

const labels = (nodes: readonly TreeNode[] | undefined) => (nodes ?? []).map((node) => node.label);
const filter = (changes: Partial<ViewFilter>): ViewFilter => ({ ...NO_FILTER, ...changes });

const open = workload('shop', 'web', {
  isolated: { ingress: false, egress: true },
  fromOutside: ['0.0.0.0/0', '::/0'],
  labels: { app: 'web', tier: 'frontend' },
});
const leaky = workload('shop', 'worker', {
  isolated: { ingress: true, egress: false },
  labels: { app: 'worker', tier: 'backend' },
});
const internal = workload('shop', 'api', { fromOutside: ['10.0.0.0/8'], labels: { app: 'api', tier: 'backend' } });
const closed = workload('data', 'db', { labels: { app: 'db', tier: 'data' } });
const shop: WorkloadsRequest.Result = {
  version: 3,
  namespaces: [
    { name: 'shop', workloads: [open, leaky, internal] },
    { name: 'data', workloads: [closed] },
  ],
  leftOut: [{ policy: 'shop/broken', location: at('shop/broken.yaml', 3), reason: '2 validation errors' }],
};

describe('tree view: order and what opens by itself', () => {
  it('sorts namespaces and workloads naturally, ns-2 before ns-10, as the Explorer sorts names', () => {
    const roots = buildRootNodes(namespaces(12));
    assert.deepEqual(labels(roots).slice(0, 4), ['ns-0', 'ns-1', 'ns-2', 'ns-3']);
    assert.equal(labels(roots).at(-1), 'ns-11');
    assert.deepEqual(labels(roots[0].children), ['web-2', 'web-10']);
    assert.ok(compareNatural('team-2', 'team-10') < 0);
    assert.ok(compareNatural('a', 'B') < 0, 'case does not order before letters');
    assert.notEqual(compareNatural('a', 'A'), 0, 'a total order: names differing in case only are not equal');
  });

  it(`opens namespaces when there are at most ${COLLAPSE_NAMESPACES_ABOVE}, and starts them collapsed past that`, () => {
    assert.deepEqual(
      new Set(buildRootNodes(namespaces(COLLAPSE_NAMESPACES_ABOVE)).map((n) => n.collapsible)),
      new Set(['expanded']),
    );
    assert.deepEqual(
      new Set(buildRootNodes(namespaces(COLLAPSE_NAMESPACES_ABOVE + 1)).map((n) => n.collapsible)),
      new Set(['collapsed']),
    );
  });

  it('opens "Can reach" with its workload up to 100 peers, and leaves more to a click', () => {
    const peers = (count: number): Connection[] =>
      Array.from({ length: count }, (_, i) => ({
        peer: { kind: 'workload', ref: `other/w-${i}[Deployment]` },
        ports: 'all',
        portsText: 'all ports',
        reasons: [],
      }));
    const few = buildWorkloadChildren({ version: 1, workload: closed, outbound: peers(100), inbound: [], leftOut: [] });
    const many = buildWorkloadChildren({ version: 1, workload: closed, outbound: peers(101), inbound: [], leftOut: [] });
    assert.equal(few[0].collapsible, 'expanded');
    assert.equal(many[0].collapsible, 'collapsed');
    assert.deepEqual(labels(many[0].children).slice(0, 3), ['other/w-0', 'other/w-1', 'other/w-2']);
    assert.equal(many[0].children?.[10].label, 'other/w-10');
  });
});

describe('tree view: status at a glance', () => {
  it('counts workloads and those not isolated on the namespace row, in the warning colour when some are not', () => {
    const [, data, shopNode] = buildRootNodes(shop);
    assert.deepEqual(
      [shopNode.label, shopNode.description, shopNode.color],
      ['shop', '3 workloads · 2 not isolated', Colors.notIsolated],
    );
    assert.deepEqual([data.label, data.description, data.color], ['data', '1 workload', undefined]);
  });

  it('colours a workload open to every outside address as an error, one not isolated as a warning, an isolated one not at all', () => {
    const shopNode = buildRootNodes(shop)[2];
    const colors = Object.fromEntries((shopNode.children ?? []).map((node) => [node.label, node.color]));
    assert.deepEqual(colors, { api: undefined, web: Colors.openToInternet, worker: Colors.notIsolated });
  });

  it('colours "Reachable from 0.0.0.0/0" as open to the internet, and no other external peer', () => {
    const [, reachableFrom] = buildWorkloadChildren({
      version: 1,
      workload: open,
      outbound: [],
      inbound: ['0.0.0.0/0', '10.0.0.0/8'].map((ref) => ({
        peer: { kind: 'external', ref },
        ports: 'all',
        portsText: 'all ports',
        reasons: [],
      })),
      leftOut: [],
    });
    assert.deepEqual(
      (reachableFrom.children ?? []).map((node) => [node.label, node.color]),
      [
        ['0.0.0.0/0', Colors.openToInternet],
        ['10.0.0.0/8', undefined],
      ],
    );
  });

  it('counts the workloads of the workspace, those not isolated, and those shown', () => {
    assert.deepEqual(summarizeRoot(shop, buildRootNodes(shop)), { workloads: 4, notIsolated: 2, shown: 4, roots: 3 });
    const filtered = buildRootNodes(shop, { filter: filter({ text: 'backend' }) });
    assert.deepEqual(summarizeRoot(shop, filtered), { workloads: 4, notIsolated: 2, shown: 2, roots: 1 });
  });

  it('names files by the path it is given (workspace-relative) in tooltips and reason descriptions', () => {
    const relative = (uri: string) => uri.replace('file:///workspace/', '');
    const node = buildRootNodes(shop, { fileName: relative })[2].children?.find((n) => n.label === 'web');
    assert.match(node?.tooltip ?? '', /Defined at \[shop\/workloads\.yaml:1\]\(file:\/\/\/workspace\/shop\/workloads\.yaml#L1\)/);
    const [canReach] = buildWorkloadChildren(
      {
        version: 1,
        workload: open,
        outbound: [
          {
            peer: { kind: 'workload', ref: 'data/db[Deployment]', location: at('data/db.yaml', 2) },
            ports: 'all',
            portsText: 'all ports',
            reasons: [
              {
                policy: 'data/db',
                direction: 'ingress',
                ruleIndex: 0,
                description: 'allows',
                location: at('data/policy.yaml', 7),
              },
            ],
          },
        ],
        inbound: [],
        leftOut: [],
      },
      { fileName: relative },
    );
    const peer = canReach.children?.[0];
    assert.match(peer?.tooltip ?? '', /Defined at \[data\/db\.yaml:3\]/);
    assert.equal(peer?.children?.[0].description, 'ingress rule #0 · data/policy.yaml:8');
  });
});

describe('tree view: the filter', () => {
  it('keeps workloads whose namespace, name or pod label `key=value` holds the text, whatever the case', () => {
    const shown = (text: string) =>
      buildRootNodes(shop, { filter: filter({ text }) })
        .filter((n) => n.role === 'namespace')
        .flatMap((n) => (n.children ?? []).map((c) => c.workloadRef));
    assert.deepEqual(shown('WEB'), ['shop/web[Deployment]']);
    assert.deepEqual(shown('tier=backend'), ['shop/api[Deployment]', 'shop/worker[Deployment]']);
    assert.deepEqual(shown('data'), ['data/db[Deployment]']);
    assert.deepEqual(shown('nothing-like-it'), []);
  });

  it('filters left-out policies by the text too, and shows the group first', () => {
    assert.deepEqual(labels(buildRootNodes(shop, { filter: filter({ text: 'broken' }) })), [LEFT_OUT_LABEL]);
    assert.deepEqual(labels(buildRootNodes(shop, { filter: filter({ text: 'shop' }) })), [LEFT_OUT_LABEL, 'shop']);
  });

  it('"only not isolated" keeps workloads open one way or both; "only reachable from outside" those an outside address reaches', () => {
    const refs = (f: Partial<ViewFilter>) =>
      buildRootNodes(shop, { filter: filter(f) }).flatMap((n) => (n.children ?? []).map((c) => c.workloadRef ?? c.label));
    assert.deepEqual(refs({ notIsolated: true }), ['shop/web[Deployment]', 'shop/worker[Deployment]']);
    assert.deepEqual(refs({ fromOutside: true }), ['shop/api[Deployment]', 'shop/web[Deployment]']);
    assert.deepEqual(refs({ fromOutside: true, notIsolated: true }), ['shop/web[Deployment]']);
  });

  it('"only left out" shows the left-out group alone, opened', () => {
    const roots = buildRootNodes(shop, { filter: filter({ leftOut: true }) });
    assert.deepEqual(labels(roots), [LEFT_OUT_LABEL]);
    assert.equal(roots[0].collapsible, 'expanded');
  });

  it('says "n of m workloads" on namespace rows and opens them when few workloads are left, under ids of their own', () => {
    const many = namespaces(40);
    const unfiltered = buildRootNodes(many);
    const filtered = buildRootNodes(many, { filter: filter({ text: 'web-10' }) });
    assert.equal(filtered.length, 40);
    assert.equal(filtered[0].description, '1 of 2 workloads');
    assert.equal(filtered[0].collapsible, 'expanded');
    // A collapsed namespace keeps its collapsed state under its own id: the filtered one is a new node.
    assert.notEqual(filtered[0].id, unfiltered[0].id);
    assert.equal(filtered[0].children?.[0].id, unfiltered[0].children?.[1].id, 'workload ids do not depend on the filter');
    assert.equal(filtered[0].children?.[0].parentId, filtered[0].id);
  });
});

describe('tree view: badge and filter text', () => {
  it('badges the view with the workloads not isolated, and none when all are', () => {
    assert.deepEqual(viewBadge({ workloads: 5000, notIsolated: 1234, shown: 5000, roots: 200 }), {
      value: 1234,
      tooltip: '1,234 of 5,000 workloads not isolated for ingress or egress',
    });
    assert.equal(viewBadge({ workloads: 5000, notIsolated: 0, shown: 5000, roots: 200 }), undefined);
  });

  it('says what the filter keeps beside the title, and nothing without a filter', () => {
    const summary = { workloads: 5000, notIsolated: 10, shown: 12, roots: 3 };
    assert.equal(filterDescription(NO_FILTER, summary), undefined);
    assert.equal(
      filterDescription(filter({ text: ' web ', notIsolated: true, fromOutside: true }), summary),
      'Filter: "web" · not isolated · reachable from outside · 12 of 5,000',
    );
    assert.equal(filterDescription(filter({ leftOut: true }), summary), 'Filter: left out');
    assert.equal(emptyFilterMessage(filter({ text: 'zzz' }), 0), 'Nothing matches the filter. Clear it from the title bar.');
    assert.equal(emptyFilterMessage(filter({ text: 'zzz' }), 3), undefined);
    assert.equal(emptyFilterMessage(NO_FILTER, 0), undefined);
  });
});

describe('tree view: external peers', () => {
  it('lists outside addresses in the order of their text, 0.0.0.0/0 before ::/0', () => {
    const [, reachableFrom] = buildWorkloadChildren({
      version: 1,
      workload: open,
      outbound: [],
      inbound: ['::/0', '0.0.0.0/0'].map((ref) => ({
        peer: { kind: 'external', ref },
        ports: 'all',
        portsText: 'all ports',
        reasons: [],
      })),
      leftOut: [],
    });
    assert.deepEqual(labels(reachableFrom.children), ['0.0.0.0/0', '::/0']);
  });
});

describe('tree model: namespaces first (netpol/namespaces, then the workloads of a namespace when it opens)', () => {
  /** The same namespaces as netpol/workloads describes them, as netpol/namespaces counts them. */
  const counted = (result: WorkloadsRequest.Result, analysed: boolean): NamespacesRequest.Result => ({
    version: result.version,
    analysed,
    namespaces: result.namespaces.map((ns) => ({
      name: ns.name,
      workloads: ns.workloads.length,
      ...(analysed && { notIsolated: ns.workloads.filter((w) => !(w.isolated.ingress && w.isolated.egress)).length }),
    })),
    ...(analysed && { leftOut: result.leftOut }),
  });
  const strip = (nodes: readonly TreeNode[]) => nodes.map(({ children: _children, ...node }) => node);

  it('the same rows as the whole answer gives, without their workloads: natural order, collapsed past a handful', () => {
    const all = namespaces(COLLAPSE_NAMESPACES_ABOVE + 1);
    assert.deepEqual(strip(buildNamespaceRootNodes(counted(all, true))), strip(buildRootNodes(all)));
    assert.ok(buildNamespaceRootNodes(counted(all, true)).every((node) => node.children === undefined));
  });

  it('counts not isolated workloads once analysed, with the colour; before, the workloads only', () => {
    const shop: WorkloadsRequest.Result = {
      version: 3,
      namespaces: [{ name: 'shop', workloads: [open, leaky, internal] }],
      leftOut: [{ policy: 'shop/bad', location: at('shop/bad.yaml'), reason: '1 validation error' }],
    };
    const [group, analysed] = buildNamespaceRootNodes(counted(shop, true));
    assert.equal(group.label, LEFT_OUT_LABEL);
    assert.deepEqual([analysed.description, analysed.color], ['3 workloads · 2 not isolated', Colors.notIsolated]);
    assert.deepEqual(strip([analysed]), strip(buildRootNodes(shop).slice(1)));
    const [quick] = buildNamespaceRootNodes(counted(shop, false));
    assert.deepEqual([quick.description, quick.color, quick.id], ['3 workloads', undefined, analysed.id]);
    assert.deepEqual(summarizeNamespaces(counted(shop, true), [group, analysed]), {
      workloads: 3,
      notIsolated: 2,
      shown: 3,
      roots: 2,
    });
  });

  it("a namespace's workloads are the nodes the whole answer gives it", () => {
    const shop: WorkloadsRequest.Result = {
      version: 1,
      namespaces: [{ name: 'shop', workloads: [open, leaky, internal] }],
      leftOut: [],
    };
    const [namespace] = buildRootNodes(shop);
    assert.deepEqual(buildNamespaceChildren(namespace.id, [open, leaky, internal]), namespace.children);
  });
});
