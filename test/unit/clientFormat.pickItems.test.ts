// The choices and inputs of "Check Connection" (client/src/reachability/pickItems.ts), and the
// recent pairs it offers first (recentConnections.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  allWorkloads,
  cursorPickEntries,
  externalPeerRef,
  externalPickItem,
  isSeparator,
  portInputError,
  portParam,
  recentPickEntries,
  refsNamedBy,
  typedEnd,
  workloadPickEntries,
  type PickEntry,
} from '../../client/src/reachability/pickItems';
import {
  readRecentConnections,
  RECENT_CONNECTIONS_KEPT,
  RECENT_CONNECTIONS_KEY,
  rememberConnection,
  withRecentConnection,
} from '../../client/src/reachability/recentConnections';
import { EXTERNAL_ICON, KIND_ICONS } from '../../client/src/reachability/treeModel';
import type { WorkloadSummary, WorkloadsRequest } from '../../server/src/protocol';

const workload = (namespace: string, name: string, kind: string, replicas?: number): WorkloadSummary => ({
  ref: `${namespace}/${name}[${kind}]`,
  namespace,
  kind,
  name,
  replicas,
  isolated: { ingress: true, egress: false },
});

const workloads: WorkloadsRequest.Result = {
  version: 3,
  namespaces: [
    { name: 'shop', workloads: [workload('shop', 'web', 'Deployment', 2), workload('shop', 'api', 'StatefulSet', 1)] },
    { name: 'unused', workloads: [] },
    { name: 'kube-system', workloads: [workload('kube-system', 'dns', 'DaemonSet')] },
  ],
  leftOut: [],
};

describe('check connection: workload items', () => {
  it('groups workloads under their namespace, both sorted by name, skipping empty namespaces', () => {
    const entries = workloadPickEntries(workloads);
    assert.deepEqual(
      entries.map((entry) => (isSeparator(entry) ? `-- ${entry.separator}` : entry.ref)),
      ['-- kube-system', 'kube-system/dns[DaemonSet]', '-- shop', 'shop/api[StatefulSet]', 'shop/web[Deployment]'],
    );
  });

  it('labels an item with the name, describes it by its ref (what the picker matches typed text against), and sends the ref', () => {
    const web = workloadPickEntries(workloads).find((entry) => !isSeparator(entry) && entry.label === 'web');
    assert.deepEqual(web, {
      label: 'web',
      description: 'shop/web[Deployment]',
      detail: 'Deployment · isolated ingress · 2 replicas',
      icon: KIND_ICONS.Deployment,
      ref: 'shop/web[Deployment]',
    });
  });

  it('offers nothing but typed addresses in a workspace without workloads', () => {
    assert.deepEqual(workloadPickEntries({ version: 1, namespaces: [], leftOut: [] }), []);
  });
});

/** What a picker shows, in order: `-- heading`, a workload's ref, `pair from > to`. */
const shown = (entries: readonly PickEntry[]): string[] =>
  entries.map((entry) =>
    isSeparator(entry) ? `-- ${entry.separator}` : entry.pair ? `pair ${entry.pair.from} > ${entry.pair.to}` : entry.ref,
  );

describe('check connection: refs typed as the CLI and the verdicts print them', () => {
  const many: WorkloadsRequest.Result = {
    version: 1,
    namespaces: [
      {
        name: 'ns-57',
        workloads: [
          workload('ns-57', 'frontend-5', 'Deployment'),
          workload('ns-57', 'frontend-50', 'Deployment'),
          workload('ns-57', 'web', 'Deployment'),
          workload('ns-57', 'web', 'Pod'),
        ],
      },
      {
        name: 'team-000',
        workloads: [0, 1].map((ordinal) => ({
          ...workload('team-000', 'api-1', 'StatefulSet', 1),
          ref: `team-000/api-1[StatefulSet]#${ordinal}`,
          replica: ordinal,
        })),
      },
    ],
    leftOut: [],
  };
  const every = allWorkloads(many);

  it('names a workload by ns/name, with or without [Kind], and a replica by #N', () => {
    assert.deepEqual(refsNamedBy('ns-57/frontend-5', every), ['ns-57/frontend-5[Deployment]']);
    assert.deepEqual(refsNamedBy(' ns-57/frontend-5[Deployment] ', every), ['ns-57/frontend-5[Deployment]']);
    assert.deepEqual(refsNamedBy('team-000/api-1[StatefulSet]#0', every), ['team-000/api-1[StatefulSet]#0']);
    assert.deepEqual(refsNamedBy('team-000/api-1#1', every), ['team-000/api-1[StatefulSet]#1']);
  });

  it('offers every kind of an ambiguous ns/name, and a StatefulSet analysed per replica as a whole', () => {
    assert.deepEqual(refsNamedBy('ns-57/web', every), ['ns-57/web[Deployment]', 'ns-57/web[Pod]']);
    assert.deepEqual(refsNamedBy('team-000/api-1', every), ['team-000/api-1[StatefulSet]']);
  });

  it('names nothing for a prefix, another kind, a missing replica or what is not a ref', () => {
    for (const typed of ['ns-57/front', 'ns-57/frontend-5[Pod]', 'team-000/api-1#7', 'frontend-5', '10.0.0.0/8', ''])
      assert.deepEqual(refsNamedBy(typed, every), [], typed);
  });

  it('lists the workloads by namespace then name, so that the ref typed in full comes before longer names it starts', () => {
    const refs = shown(workloadPickEntries(many));
    assert.ok(refs.indexOf('ns-57/frontend-5[Deployment]') < refs.indexOf('ns-57/frontend-50[Deployment]'));
    assert.deepEqual(refs.slice(refs.indexOf('ns-57/web[Deployment]'), refs.indexOf('ns-57/web[Deployment]') + 2), [
      'ns-57/web[Deployment]',
      'ns-57/web[Pod]',
    ]);
  });

  it('takes the typed text as the end when nothing is picked: an address, or the one workload a ref names', () => {
    assert.equal(typedEnd('ns-57/frontend-5', every), 'ns-57/frontend-5[Deployment]');
    assert.equal(typedEnd('team-000/api-1[StatefulSet]#0', every), 'team-000/api-1[StatefulSet]#0');
    assert.equal(typedEnd('10.1.2.3', every), '10.1.2.3/32');
    for (const typed of ['ns-57/web', 'ns-57/front', 'frontend-5', '']) assert.equal(typedEnd(typed, every), undefined, typed);
  });

  it('labels a replica with its ordinal and describes it by its ref, so that typing the ref finds it', () => {
    const replica = workloadPickEntries(many).find((entry) => !isSeparator(entry) && entry.ref.endsWith('#1'));
    assert.deepEqual(replica && !isSeparator(replica) && [replica.label, replica.description], [
      'api-1#1',
      'team-000/api-1[StatefulSet]#1',
    ]);
  });
});

describe('check connection: the workload at the cursor and recent pairs', () => {
  const every = allWorkloads(workloads);

  it('offers the workload at the cursor first, under its own heading', () => {
    assert.deepEqual(shown(cursorPickEntries('shop/api[StatefulSet]', every)), ['-- at the cursor', 'shop/api[StatefulSet]']);
    assert.deepEqual(cursorPickEntries(undefined, every), []);
    assert.deepEqual(cursorPickEntries('shop/gone[Deployment]', every), []);
  });

  it('offers recent pairs, most recent first, by name, with the port, and the refs in the detail (which the filter does not read)', () => {
    const entries = recentPickEntries(
      [
        { from: 'shop/web[Deployment]', to: 'shop/api[StatefulSet]', port: '8080/TCP' },
        { from: '10.0.0.0/8', to: 'shop/web[Deployment]' },
        { from: 'shop/gone[Deployment]', to: 'shop/web[Deployment]' },
      ],
      every,
    );
    assert.deepEqual(shown(entries), [
      '-- recent',
      'pair shop/web[Deployment] > shop/api[StatefulSet]',
      'pair 10.0.0.0/8 > shop/web[Deployment]',
    ]);
    const first = entries[1];
    assert.ok(!isSeparator(first));
    assert.deepEqual(
      [first.label, first.description, first.detail],
      ['web → api', 'port 8080/TCP', 'shop/web[Deployment] → shop/api[StatefulSet]'],
    );
    assert.deepEqual(recentPickEntries([], every), []);
  });

  it('keeps a few pairs in the workspace state, the last asked first, one per pair of ends', async () => {
    const state = new Map<string, unknown>();
    const store = {
      get: (key: string) => state.get(key),
      update: async (key: string, value: unknown) => void state.set(key, value),
    };
    assert.deepEqual(readRecentConnections(store), []);
    await rememberConnection(store, { from: 'a/x[Pod]', to: 'a/y[Pod]', port: '80' });
    await rememberConnection(store, { from: 'a/y[Pod]', to: 'a/x[Pod]' });
    await rememberConnection(store, { from: 'a/x[Pod]', to: 'a/y[Pod]', port: undefined });
    assert.deepEqual(state.get(RECENT_CONNECTIONS_KEY), [
      { from: 'a/x[Pod]', to: 'a/y[Pod]' },
      { from: 'a/y[Pod]', to: 'a/x[Pod]' },
    ]);
    let recent = readRecentConnections(store);
    for (let i = 0; i < 10; i++) recent = withRecentConnection(recent, { from: `a/p${i}[Pod]`, to: 'a/x[Pod]' });
    assert.equal(recent.length, RECENT_CONNECTIONS_KEPT);
    assert.equal(recent[0].from, 'a/p9[Pod]');
    state.set(RECENT_CONNECTIONS_KEY, [{ from: 1 }, 'x', { from: 'a', to: 'b', port: 5 }, { from: 'a', to: 'b' }]);
    assert.deepEqual(readRecentConnections(store), [{ from: 'a', to: 'b' }]);
  });
});

describe('check connection: a typed IP address or CIDR', () => {
  it('takes a CIDR, dropping host bits as the API server reads ipBlock.cidr', () => {
    assert.equal(externalPeerRef('10.0.0.0/8'), '10.0.0.0/8');
    assert.equal(externalPeerRef(' 10.1.2.3/8 '), '10.0.0.0/8');
    assert.equal(externalPeerRef('2001:db8::1/64'), '2001:db8::/64');
  });

  it('takes a single address as its /32 or /128', () => {
    assert.equal(externalPeerRef('192.168.1.10'), '192.168.1.10/32');
    assert.equal(externalPeerRef('::1'), '::1/128');
  });

  it('refuses what is not an address: workload refs, names, bad octets and prefixes', () => {
    for (const text of ['', 'shop/web[Deployment]', 'web', '256.0.0.1', '10.0.0.0/33', '10.0.0/8', '1.2.3.4/'])
      assert.equal(externalPeerRef(text), undefined, text);
  });

  it('offers the typed address as an external item that the filter never hides', () => {
    assert.deepEqual(externalPickItem('10.0.0.0/8'), {
      label: '10.0.0.0/8',
      description: 'external IP/CIDR',
      icon: EXTERNAL_ICON,
      ref: '10.0.0.0/8',
      alwaysShow: true,
    });
    assert.equal(externalPickItem('we'), undefined);
  });
});

describe('check connection: the optional port', () => {
  it('accepts nothing (any port), a number, a protocol in any case, and a range', () => {
    for (const text of ['', '  ', '8080', '8080/TCP', '53/udp', '3868/SCTP', '8000-8080/TCP', '1', '65535'])
      assert.equal(portInputError(text), undefined, text);
  });

  it('refuses ports outside 1-65535, unknown protocols, names and reversed ranges, saying why', () => {
    assert.match(portInputError('0') ?? '', /between 1 and 65535/);
    assert.match(portInputError('70000/TCP') ?? '', /between 1 and 65535/);
    assert.match(portInputError('80/ICMP') ?? '', /not a protocol/);
    assert.match(portInputError('http') ?? '', /not a port/);
    assert.match(portInputError('90-80') ?? '', /ends before it starts/);
  });

  it('sends no port for "any port", and the typed port without spaces', () => {
    assert.equal(portParam(''), undefined);
    assert.equal(portParam(' 8080 / TCP '), '8080/TCP');
    assert.equal(portParam('53/udp'), '53/udp');
  });
});
