import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAddressInterval } from '../../server/src/engine/cidrSet';
import {
  describeIpBlock,
  effectivePolicyTypes,
  effectiveRules,
  ipBlockAddresses,
  isolates,
  normalizePolicy,
  type NetworkPolicyModel,
  type Peer,
} from '../../server/src/engine/policy';
import { ALL, formatConnectionSet, isEmpty, resolvePorts, type ContainerPort } from '../../server/src/engine/ports';
import { isEmptySelector, selectorMatches } from '../../server/src/engine/selectors';
import { policy } from '../builders';
import { firstObject, textAt, yaml } from '../helpers';

/** A policy from the `spec` lines of a NetworkPolicy in namespace `shop`. */
function policyWithSpec(specLines: string): { text: string; policy: NetworkPolicyModel } {
  const text = policy('shop/p', specLines);
  return { text, policy: normalizePolicy(firstObject(text), 'shop') };
}

const spec = (strings: TemplateStringsArray, ...values: unknown[]) => policyWithSpec(yaml(strings, ...values));
const kinds = (peers: Peer[]) => peers.map((peer) => peer.kind);

describe('policy: effective policyTypes (API reference, NetworkPolicySpec.policyTypes defaulting)', () => {
  it('defaults to [Ingress] when policyTypes is absent and there are no egress rules', () => {
    const { policy } = spec`
      podSelector: {}
      ingress: [{}]
    `;
    assert.deepEqual(policy.policyTypes, ['Ingress']);
    assert.equal(policy.policyTypesWritten, false);
  });

  it('adds Egress when policyTypes is absent and egress has at least one rule', () => {
    assert.deepEqual(
      spec`
      podSelector: {}
      egress: [{}]
    `.policy.policyTypes,
      ['Ingress', 'Egress'],
    );
  });

  it('does not add Egress for `egress: []` (semantic traps "Direction and isolation")', () => {
    assert.deepEqual(
      spec`
      podSelector: {}
      egress: []
    `.policy.policyTypes,
      ['Ingress'],
    );
  });

  it('defaults an empty `policyTypes: []` like an absent one', () => {
    assert.deepEqual(effectivePolicyTypes({ policyTypes: [], egress: [{}] }), { types: ['Ingress', 'Egress'], written: false });
    assert.deepEqual(effectivePolicyTypes({ policyTypes: null }), { types: ['Ingress'], written: false });
  });

  it('keeps written policyTypes as given, even when the rule lists disagree', () => {
    assert.deepEqual(effectivePolicyTypes({ policyTypes: ['Egress'], ingress: [{}] }), { types: ['Egress'], written: true });
    assert.deepEqual(effectivePolicyTypes({ policyTypes: ['Egress', 'Ingress'] }), {
      types: ['Egress', 'Ingress'],
      written: true,
    });
    assert.deepEqual(effectivePolicyTypes({ policyTypes: ['Ingress'], egress: [{}] }), { types: ['Ingress'], written: true });
  });

  it('collapses duplicates (accepted by the API server, rule T1/T2 notes) and drops unsupported entries (rule T2)', () => {
    assert.deepEqual(effectivePolicyTypes({ policyTypes: ['Ingress', 'Ingress'] }).types, ['Ingress']);
    assert.deepEqual(effectivePolicyTypes({ policyTypes: ['ingress', 'Egress'] }).types, ['Egress']);
  });
});

describe('policy: isolation and ignored rules (docs "Isolation of pods", "Default policies")', () => {
  it('marks ingress rules ignored under policyTypes [Egress]: they never count and the pod is not ingress-isolated', () => {
    const { policy } = spec`
      podSelector: {}
      policyTypes: [Egress]
      ingress:
      - from: [{podSelector: {}}]
      egress:
      - to: [{podSelector: {}}]
    `;
    assert.deepEqual(
      policy.ingress.map((rule) => rule.ignored),
      [true],
    );
    assert.deepEqual(
      policy.egress.map((rule) => rule.ignored),
      [false],
    );
    assert.equal(isolates(policy, 'ingress'), false);
    assert.equal(isolates(policy, 'egress'), true);
    assert.deepEqual(effectiveRules(policy, 'ingress'), []);
    assert.equal(effectiveRules(policy, 'egress').length, 1);
  });

  it('points at the written policyTypes, and at the rule for an `all` peer without `to`', () => {
    const { text, policy } = spec`
      policyTypes: [Egress]
      egress:
      - ports: [{port: 53, protocol: UDP}]
    `;
    assert.equal(textAt(text, policy.policyTypesRange), '[Egress]');
    assert.equal(textAt(text, policy.egress[0].range), 'ports: [{port: 53, protocol: UDP}]');
    assert.equal(textAt(text, policy.egress[0].peers[0].range), 'ports: [{port: 53, protocol: UDP}]');
  });

  it('marks egress rules ignored under a written policyTypes [Ingress]', () => {
    const { policy } = spec`
      policyTypes: [Ingress]
      egress: [{}]
    `;
    assert.deepEqual(
      policy.egress.map((rule) => rule.ignored),
      [true],
    );
    assert.equal(isolates(policy, 'egress'), false);
  });

  it('isolates with no rule for `ingress: []` and for an absent ingress ("Default deny all ingress traffic")', () => {
    for (const { policy } of [
      spec`
      podSelector: {}
      ingress: []
    `,
      spec`
      podSelector: {}
      policyTypes: [Ingress]
    `,
    ]) {
      assert.equal(isolates(policy, 'ingress'), true);
      assert.deepEqual(effectiveRules(policy, 'ingress'), []);
    }
  });

  it('reads a default deny of both directions ("Default deny all ingress and all egress traffic")', () => {
    const { policy } = spec`
      podSelector: {}
      policyTypes: [Ingress, Egress]
    `;
    assert.ok(isolates(policy, 'ingress') && isolates(policy, 'egress'));
    assert.equal(policy.ingress.length + policy.egress.length, 0);
  });
});

describe('policy: what it selects', () => {
  it('reads an absent podSelector as `{}`, every pod of the namespace (semantic traps "Selection")', () => {
    const absent = spec`
      ingress: []
    `.policy;
    const empty = spec`
      podSelector: {}
      ingress: []
    `.policy;
    assert.deepEqual(absent.podSelector.value, {});
    assert.deepEqual(empty.podSelector.value, {});
    assert.equal(isEmptySelector(absent.podSelector.selector), true);
    assert.equal(absent.podSelector.written, false);
    assert.equal(empty.podSelector.written, true);
  });

  it('parses each selector once, with ranges, into the one LabelSelector type', () => {
    const { text, policy } = spec`
      podSelector: {matchLabels: {app: web}}
      ingress:
      - from:
        - namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [infra]}]}
    `;
    assert.equal(selectorMatches(policy.podSelector.selector, { app: 'web' }), true);
    assert.equal(selectorMatches(policy.podSelector.selector, { app: 'db' }), false);
    const peer = policy.ingress[0].peers[0];
    assert.ok(peer.kind === 'selector' && peer.namespaceSelector);
    assert.equal(
      textAt(text, peer.namespaceSelector.selector.matchExpressions[0].range!),
      '{key: team, operator: In, values: [infra]}',
    );
  });

  it('keeps the written selector, its range, the given namespace and the name', () => {
    const { text, policy } = spec`
      podSelector: {matchLabels: {app: web}}
    `;
    assert.deepEqual(policy.podSelector.value, { matchLabels: { app: 'web' } });
    assert.equal(textAt(text, policy.podSelector.range), '{matchLabels: {app: web}}');
    assert.equal(policy.namespace, 'shop');
    assert.equal(policy.name, 'p');
    assert.equal(textAt(text, policy.nameRange), 'p');
  });
});

describe('policy: peers (docs "Behavior of to and from selectors")', () => {
  it('reads `from` absent and `from: []` as every source, and `- {}` as everything on every port', () => {
    const { text, policy } = spec`
      ingress:
      - ports: [{port: 80}]
      - from: []
      - {}
    `;
    assert.deepEqual(
      policy.ingress.map((rule) => kinds(rule.peers)),
      [['all'], ['all'], ['all']],
    );
    assert.equal(resolvePorts(policy.ingress[2].ports, []), ALL);
    assert.equal(textAt(text, policy.ingress[1].peers[0].range), 'from');
  });

  it('reads a null rule item (`- ` with no value) as the empty rule, as the API server decodes it', () => {
    const { policy } = spec`
      ingress:
      -
    `;
    assert.equal(policy.ingress.length, 1);
    assert.deepEqual(kinds(policy.ingress[0].peers), ['all']);
    assert.deepEqual(policy.ingress[0].ports, []);
  });

  it('ANDs podSelector and namespaceSelector in one item and ORs two items (a stray `-` flips the meaning)', () => {
    const { policy } = spec`
      ingress:
      - from:
        - namespaceSelector: {matchLabels: {team: a}}
          podSelector: {matchLabels: {role: client}}
      - from:
        - namespaceSelector: {matchLabels: {team: a}}
        - podSelector: {matchLabels: {role: client}}
    `;
    const [and, or] = policy.ingress;
    assert.equal(and.peers.length, 1);
    const both = and.peers[0];
    assert.ok(both.kind === 'selector' && both.podSelector && both.namespaceSelector);
    assert.deepEqual(both.namespaceSelector.value, { matchLabels: { team: 'a' } });
    assert.deepEqual(both.podSelector.value, { matchLabels: { role: 'client' } });
    assert.equal(or.peers.length, 2);
    const [namespaces, pods] = or.peers;
    assert.ok(namespaces.kind === 'selector' && namespaces.namespaceSelector && !namespaces.podSelector);
    assert.ok(pods.kind === 'selector' && pods.podSelector && !pods.namespaceSelector);
  });

  it('keeps `podSelector: {}` and `namespaceSelector: {}` as present peers (presence counts, rule R1)', () => {
    const { policy } = spec`
      ingress:
      - from: [{namespaceSelector: {}}, {podSelector: {}}]
    `;
    assert.deepEqual(kinds(policy.ingress[0].peers), ['selector', 'selector']);
  });

  it('gives each peer its index and the range of its list item', () => {
    const { text, policy } = spec`
      egress:
      - to:
        - podSelector: {matchLabels: {app: db}}
        - ipBlock: {cidr: 10.0.0.0/8}
    `;
    const [pods, block] = policy.egress[0].peers;
    assert.ok(pods.kind === 'selector' && block.kind === 'ipBlock');
    assert.equal(block.index, 1);
    assert.equal(textAt(text, pods.range), 'podSelector: {matchLabels: {app: db}}');
    assert.equal(textAt(text, pods.podSelector!.range), '{matchLabels: {app: db}}');
    assert.equal(textAt(text, block.cidr.range), '10.0.0.0/8');
    assert.equal(textAt(text, policy.egress[0].range).split('\n')[0], 'to:');
  });

  it('turns peers the API server refuses into invalid peers that match nothing, without emptying the list', () => {
    const { policy } = spec`
      ingress:
      - from:
        - {}
        - ipBlock: {cidr: 10.0.0.0/8}
          podSelector: {}
        - podSelector: nope
        -
      - from: not-a-list
    `;
    const [items, notList] = policy.ingress;
    assert.deepEqual(kinds(items.peers), ['invalid', 'invalid', 'invalid', 'invalid']);
    assert.match((items.peers[0] as { reason: string }).reason, /R1/);
    assert.match((items.peers[1] as { reason: string }).reason, /R2/);
    assert.deepEqual(kinds(notList.peers), ['invalid']);
  });
});

describe('policy: ipBlock peers', () => {
  it('describes a cidr minus its excepts as data: `10.0.0.0/8 except 10.1.0.0/16`', () => {
    const { policy } = spec`
      ingress:
      - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    `;
    const block = policy.ingress[0].peers[0];
    assert.ok(block.kind === 'ipBlock');
    assert.equal(describeIpBlock(block), '10.0.0.0/8 except 10.1.0.0/16');
    assert.deepEqual(
      ipBlockAddresses(block).v4.map((interval) => formatAddressInterval(4, interval)),
      ['10.0.0.0 - 10.0.255.255', '10.2.0.0 - 10.255.255.255'],
    );
  });

  it('reads IPv6 blocks and prints networks canonically (host bits masked, as the lenient parser does)', () => {
    const { policy } = spec`
      egress:
      - to: [{ipBlock: {cidr: "2001:DB8:0:0::1/32", except: ["2001:db8:ff::/48"]}}]
    `;
    const block = policy.egress[0].peers[0];
    assert.ok(block.kind === 'ipBlock');
    assert.equal(describeIpBlock(block), '2001:db8::/32 except 2001:db8:ff::/48');
  });

  it("an IPv4-mapped IPv6 except inside an IPv4 cidr is a strict subset (B9 as Go's IPNet.Contains, accepted up to 1.35) and cuts the IPv4 hole", () => {
    const { policy } = spec`
      ingress:
      - from: [{ipBlock: {cidr: 10.0.0.0/8, except: ["::ffff:10.1.0.0/112"]}}]
    `;
    const block = policy.ingress[0].peers[0];
    assert.equal(block.kind, 'ipBlock', block.kind === 'invalid' ? block.reason : '');
    assert.ok(block.kind === 'ipBlock');
    assert.equal(describeIpBlock(block), '10.0.0.0/8 except 10.1.0.0/16');
    assert.deepEqual(
      ipBlockAddresses(block).v4.map((interval) => formatAddressInterval(4, interval)),
      ['10.0.0.0 - 10.0.255.255', '10.2.0.0 - 10.255.255.255'],
    );
    assert.deepEqual(ipBlockAddresses(block).v6, []);
  });

  it('makes an ipBlock the API server refuses match nothing: bad cidr (B1, B2), bad except (B6), except not a strict subset (B9)', () => {
    const { policy } = spec`
      ingress:
      - from:
        - ipBlock: {except: [10.0.0.0/16]}
        - ipBlock: {cidr: 10.0.0.0/33}
        - ipBlock: {cidr: 10.0.0.0/8, except: [nope]}
        - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}
        - ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}
        - ipBlock: {cidr: 10.0.0.0/8, except: ["::/64"]}
    `;
    const reasons = policy.ingress[0].peers.map((peer) => (peer.kind === 'invalid' ? peer.reason.match(/B\d/)![0] : peer.kind));
    assert.deepEqual(reasons, ['B1', 'B2', 'B6', 'B9', 'B9', 'B9']);
  });
});

describe('policy: ports (docs "Targeting a range of ports"; semantic traps "Ports")', () => {
  it('defaults the protocol to TCP and reads numeric ports, ranges, named ports and absent ports', () => {
    const { text, policy } = spec`
      ingress:
      - ports:
        - port: 80
        - {port: 32000, endPort: 32768}
        - {port: http}
        - {protocol: UDP}
        -
    `;
    const ports = policy.ingress[0].ports;
    assert.deepEqual(
      ports.map(({ index: _index, range: _range, ...port }) => port),
      [
        { kind: 'range', protocol: 'TCP', from: 80, to: 80 },
        { kind: 'range', protocol: 'TCP', from: 32000, to: 32768 },
        { kind: 'named', protocol: 'TCP', name: 'http' },
        { kind: 'protocol', protocol: 'UDP' },
        { kind: 'protocol', protocol: 'TCP' },
      ],
    );
    assert.equal(textAt(text, ports[1].range), '{port: 32000, endPort: 32768}');
  });

  it('reads `ports: []` like absent ports: every port of every protocol', () => {
    const { policy } = spec`
      ingress:
      - ports: []
    `;
    assert.equal(resolvePorts(policy.ingress[0].ports, []), ALL);
  });

  it('never lets ports the API server refuses allow anything (P1, P2, P3, P5, P6, P7)', () => {
    const { policy } = spec`
      ingress:
      - ports:
        - {protocol: tcp, port: 80}
        - {port: 0}
        - {port: 90, endPort: 80}
        - {port: http, endPort: 90}
        - {port: "80"}
        - {endPort: 90}
    `;
    const ports = policy.ingress[0].ports;
    assert.deepEqual(
      ports.map((port) => (port.kind === 'invalid' ? port.reason.match(/P\d/)![0] : port.kind)),
      ['P1', 'P2', 'P3', 'P5', 'P6', 'P7'],
    );
    assert.ok(isEmpty(resolvePorts(ports, [{ name: '80', containerPort: 80, protocol: 'TCP' }])));
  });

  it('resolves an egress named port against the destination pod, by name and protocol', () => {
    const { policy } = spec`
      policyTypes: [Egress]
      egress:
      - to: [{namespaceSelector: {}}]
        ports:
        - {port: dns, protocol: UDP}
        - {port: dns}
    `;
    const source: ContainerPort[] = [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }];
    const destination: ContainerPort[] = [{ name: 'dns', containerPort: 53, protocol: 'UDP' }];
    const rulePorts = policy.egress[0].ports;
    assert.equal(formatConnectionSet(resolvePorts(rulePorts, destination)), 'UDP 53');
    assert.ok(
      isEmpty(resolvePorts(rulePorts, [{ name: 'web', containerPort: 53, protocol: 'UDP' }])),
      'a destination without the name gets nothing',
    );
    assert.equal(
      formatConnectionSet(resolvePorts(rulePorts, source)),
      'UDP 5353',
      "the source's own ports are not what the rule names",
    );
  });
});

describe('policy: malformed shapes never throw', () => {
  it('reads what it can of odd specs', () => {
    const texts = [
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: 5\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: []\nspec: {ingress: {}, egress: 7, policyTypes: Egress}\n',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {ingress: [1, "x", {from: 3, ports: {}}], egress: [{to: [{ipBlock: 5}, {ipBlock: {cidr: 10.0.0.0/8, except: 7}}]}]}\n',
    ];
    const expectedTypes = [['Ingress'], ['Ingress'], ['Ingress', 'Egress']];
    texts.forEach((text, i) => {
      const policy = normalizePolicy(firstObject(text), 'default');
      assert.equal(policy.name, '');
      assert.deepEqual(policy.policyTypes, expectedTypes[i]);
    });
    const odd = normalizePolicy(firstObject(texts[2]), 'default');
    assert.deepEqual(
      odd.ingress.map((rule) => rule.index),
      [2],
      'non-object rules are skipped; the others keep their index',
    );
    assert.deepEqual(kinds(odd.ingress[0].peers), ['invalid']);
    assert.deepEqual(
      odd.ingress[0].ports.map((port) => port.kind),
      ['invalid'],
    );
    assert.deepEqual(kinds(odd.egress[0].peers), ['invalid', 'invalid']);
    assert.equal(odd.egress[0].ignored, false);
  });
});
