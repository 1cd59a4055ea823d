// The choices and inputs of "Check Connection" (client/src/reachability/pickItems.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  externalPeerRef,
  externalPickItem,
  isSeparator,
  portInputError,
  portParam,
  workloadPickEntries,
} from '../../client/src/reachability/pickItems';
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

  it('labels an item with the name, tells kind and namespace, isolation and replicas, and sends the ref', () => {
    const web = workloadPickEntries(workloads).find((entry) => !isSeparator(entry) && entry.label === 'web');
    assert.deepEqual(web, {
      label: 'web',
      description: 'Deployment · shop',
      detail: 'isolated ingress · 2 replicas',
      icon: KIND_ICONS.Deployment,
      ref: 'shop/web[Deployment]',
    });
  });

  it('offers nothing but typed addresses in a workspace without workloads', () => {
    assert.deepEqual(workloadPickEntries({ version: 1, namespaces: [], leftOut: [] }), []);
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
