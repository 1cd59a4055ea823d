// Reachability semantics, each test citing the Kubernetes documentation point it pins
// (concepts/services-networking/network-policies, and the NetworkPolicy API reference).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterConnections, prepareExplain, reach, type ReachConnection } from '../../server/src/engine/reach';
import { formatConnectionSet } from '../../server/src/engine/ports';
import { Workspace } from '../../server/src/engine/workspace';
import { deployment, namespace, policy } from '../builders';
import { allowed, endpoint, explain, workspaceOf } from './reach.helpers';

const web = deployment('shop/web', { app: 'web' }, ['http:8080']);
const api = deployment('shop/api', { app: 'api' }, ['http:9000', 'metrics:9090']);
const denyAll = policy('shop/deny', 'podSelector: {}\npolicyTypes: [Ingress, Egress]');

describe('reach: isolation of pods (docs "The two sorts of pod isolation")', () => {
  it('a pod no policy selects is non-isolated both ways: everything in, everything out, outside addresses included', () => {
    const ws = workspaceOf(web, api);
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, 'shop/web', '0.0.0.0/0'), 'all ports');
    assert.equal(allowed(ws, '::/0', 'shop/api'), 'all ports');
  });

  it('a policy with Ingress isolates ingress only: egress of the selected pod stays open', () => {
    const ws = workspaceOf(web, api, policy('shop/api-closed', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]'));
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'none');
    assert.equal(allowed(ws, 'shop/api', 'shop/web'), 'all ports');
    assert.equal(allowed(ws, 'shop/api', '0.0.0.0/0'), 'all ports');
    assert.equal(allowed(ws, '0.0.0.0/0', 'shop/api'), 'none');
  });

  it('a connection needs the egress of the source AND the ingress of the destination', () => {
    const egressOnly = policy(
      'shop/web-out',
      'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 9000}]}]',
    );
    const ingressDeny = policy('shop/api-in', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]');
    assert.equal(allowed(workspaceOf(web, api, egressOnly), 'shop/web', 'shop/api'), 'TCP 9000');
    assert.equal(allowed(workspaceOf(web, api, egressOnly, ingressDeny), 'shop/web', 'shop/api'), 'none');
  });

  it('`ingress: []` allows nothing; `ingress: [{}]` (a rule without from and ports) allows everything', () => {
    assert.equal(
      allowed(workspaceOf(web, api, policy('shop/p', 'podSelector: {}\ningress: []')), 'shop/web', 'shop/api'),
      'none',
    );
    const ws = workspaceOf(web, api, policy('shop/p', 'podSelector: {}\ningress: [{}]'));
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, '0.0.0.0/0', 'shop/api'), 'all ports');
  });

  it('a workload is never listed as connecting to itself', () => {
    const { connections } = reach(workspaceOf(web));
    assert.ok(connections.every((c) => c.from !== c.to));
  });
});

describe('reach: policyTypes defaulting (API reference: policyTypes)', () => {
  it('`egress: []` without policyTypes does not isolate egress (the default is Ingress, plus Egress only when egress has a rule)', () => {
    const ws = workspaceOf(web, api, policy('shop/p', 'podSelector: {matchLabels: {app: web}}\negress: []'));
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, 'shop/api', 'shop/web'), 'none');
  });

  it('ingress rules are ignored under `policyTypes: [Egress]`: ingress stays non-isolated and the rule grants nothing extra', () => {
    const ws = workspaceOf(
      web,
      api,
      policy(
        'shop/p',
        'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Egress]\ningress: [{from: [{podSelector: {matchLabels: {app: nobody}}}]}]\negress: []',
      ),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    assert.equal(explain(ws, 'shop/web', 'shop/api').ingress.isolated, false);
    assert.equal(allowed(ws, 'shop/api', 'shop/web'), 'none');
  });

  it('an egress rule alone makes the defaulted policyTypes [Ingress, Egress]', () => {
    const ws = workspaceOf(
      web,
      api,
      policy('shop/p', 'podSelector: {matchLabels: {app: web}}\negress: [{ports: [{port: 53, protocol: UDP}]}]'),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'UDP 53');
    assert.equal(allowed(ws, 'shop/api', 'shop/web'), 'none');
  });
});

describe('reach: behavior of to and from selectors (docs "Behavior of to and from selectors")', () => {
  const nsA = namespace('a', { team: 'blue' });
  const nsB = namespace('b', { team: 'red' });
  const monitor = deployment('a/monitor', { app: 'prom' });
  const other = deployment('a/other', { app: 'other' });
  const remoteProm = deployment('b/prom', { app: 'prom' });
  const target = deployment('shop/api', { app: 'api' }, ['http:9000']);

  it('AND/OR trap: namespaceSelector and podSelector in ONE item = pods matching both; in TWO items = either', () => {
    const and = policy(
      'shop/p',
      'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}, podSelector: {matchLabels: {app: prom}}}]}]',
    );
    const or = policy(
      'shop/p',
      'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: blue}}}, {podSelector: {matchLabels: {app: prom}}}]}]',
    );
    const base = [namespace('shop'), nsA, nsB, monitor, other, remoteProm, target];
    const withAnd = workspaceOf(...base, and);
    assert.equal(allowed(withAnd, 'a/monitor', 'shop/api'), 'all ports');
    assert.equal(allowed(withAnd, 'a/other', 'shop/api'), 'none');
    assert.equal(allowed(withAnd, 'b/prom', 'shop/api'), 'none');
    const withOr = workspaceOf(...base, or);
    assert.equal(allowed(withOr, 'a/other', 'shop/api'), 'all ports');
    // podSelector alone means the policy's own namespace: prom pods of namespace b are not in it.
    assert.equal(allowed(withOr, 'b/prom', 'shop/api'), 'none');
  });

  it('cross-namespace namespaceSelector selects by the namespace labels, kubernetes.io/metadata.name included', () => {
    const byName = policy(
      'shop/p',
      'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}}]}]',
    );
    const ws = workspaceOf(namespace('shop'), nsA, nsB, monitor, remoteProm, target, byName);
    assert.equal(allowed(ws, 'b/prom', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, 'a/monitor', 'shop/api'), 'none');
  });

  it('`namespaceSelector: {}` selects the pods of every namespace, but no outside address', () => {
    const ws = workspaceOf(
      namespace('shop'),
      nsA,
      nsB,
      monitor,
      remoteProm,
      target,
      policy('shop/p', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]'),
    );
    assert.equal(allowed(ws, 'a/monitor', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, 'b/prom', 'shop/api'), 'all ports');
    assert.equal(allowed(ws, '0.0.0.0/0', 'shop/api'), 'none');
  });

  it('`from` absent allows every pod AND every outside address; an ipBlock never matches pods (manifests carry no pod IPs)', () => {
    const everyone = workspaceOf(
      web,
      api,
      policy('shop/p', 'podSelector: {matchLabels: {app: api}}\ningress: [{ports: [{port: 9000}]}]'),
    );
    assert.equal(allowed(everyone, 'shop/web', 'shop/api'), 'TCP 9000');
    assert.equal(allowed(everyone, '0.0.0.0/0', 'shop/api'), 'TCP 9000');
    assert.equal(allowed(everyone, '::/0', 'shop/api'), 'TCP 9000');
    const ipOnly = workspaceOf(
      web,
      api,
      policy('shop/p', 'podSelector: {matchLabels: {app: api}}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]'),
    );
    assert.equal(allowed(ipOnly, 'shop/web', 'shop/api'), 'none');
    assert.equal(allowed(ipOnly, '0.0.0.0/0', 'shop/api'), 'all ports');
  });

  it('ipBlock except: the external peer is the block as written, and explain checks addresses against cidr minus except', () => {
    const ws = workspaceOf(
      web,
      policy(
        'shop/p',
        'podSelector: {}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 443}]}]',
      ),
    );
    const external = reach(ws).connections.filter((c) => c.external === 'to');
    assert.deepEqual(
      external.map((c) => `${c.to} ${formatConnectionSet(c.ports)}`),
      ['10.0.0.0/8 except 10.1.0.0/16 TCP 443'],
    );
    assert.equal(explain(ws, 'shop/web', '10.2.3.4').allowed, true);
    assert.equal(explain(ws, 'shop/web', '10.1.3.4').allowed, false);
    assert.equal(explain(ws, 'shop/web', '10.0.0.0/8').allowed, false, 'a range reaching into the except is not wholly allowed');
  });

  // A rule with `to` absent allows every destination (API reference: "If this field is empty or
  // missing, this rule matches all destinations"), so an ipBlock rule beside it adds nothing.
  it('lists an external block only when no wider listed block allows at least its ports', () => {
    const externalOf = (ws: ReturnType<typeof workspaceOf>) =>
      reach(ws)
        .connections.filter((c) => c.external === 'to')
        .map((c) => `${c.to} ${formatConnectionSet(c.ports)}`);
    const egress = (rules: string) => policy('shop/p', `podSelector: {}\npolicyTypes: [Egress]\negress:\n${rules}`);
    const implied = egress('- {}\n- {to: [{ipBlock: {cidr: 10.0.0.0/8}}], ports: [{port: 443}]}');
    assert.deepEqual(externalOf(workspaceOf(web, implied)), ['0.0.0.0/0 all ports', '::/0 all ports']);
    // Two texts for the same addresses: 10.0.0.0/8 except its lower half is 10.128.0.0/9.
    const sameAddresses = egress(
      '- {to: [{ipBlock: {cidr: 10.128.0.0/9}}, {ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/9]}}], ports: [{port: 443}]}',
    );
    assert.deepEqual(
      externalOf(workspaceOf(web, sameAddresses)),
      ['10.0.0.0/8 except 10.0.0.0/9 TCP 443'],
      'of two blocks with the same addresses and ports, the first by text stays',
    );
    // Neither covers the other: the wider block allows fewer ports, so 10.0.0.0/8's own entry says more.
    const both = egress('- {to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}\n- {to: [{ipBlock: {cidr: 10.0.0.0/8}}]}');
    assert.deepEqual(externalOf(workspaceOf(web, both)), ['0.0.0.0/0 TCP 443', '10.0.0.0/8 all ports']);
  });

  it('an address range is allowed on the ports that hold for every address of it, even across two rules', () => {
    const halves = policy(
      'shop/p',
      'podSelector: {}\npolicyTypes: [Egress]\negress:\n- {to: [{ipBlock: {cidr: 10.0.0.0/9}}], ports: [{port: 80}]}\n- {to: [{ipBlock: {cidr: 10.128.0.0/9}}], ports: [{port: 80}, {port: 443}]}',
    );
    const ws = workspaceOf(web, halves);
    const whole = explain(ws, 'shop/web', '10.0.0.0/8');
    assert.equal(whole.portsText, 'TCP 80');
    assert.deepEqual(
      whole.egress.allowingRules.map((r) => r.ruleIndex),
      [0, 1],
    );
    assert.equal(explain(ws, 'shop/web', '10.200.0.0/16').portsText, 'TCP 80, 443');
    assert.equal(explain(ws, 'shop/web', '10.0.0.0/7').allowed, false, '11.0.0.0/8 is allowed nothing');
  });
});

describe('reach: policies are additive (docs "Isolation of pods": the union of the rules of every selecting policy)', () => {
  it('the union of two policies: ports of both', () => {
    const one = policy(
      'shop/one',
      'podSelector: {matchLabels: {app: api}}\ningress: [{from: [{podSelector: {}}], ports: [{port: 9000}]}]',
    );
    const two = policy(
      'shop/two',
      'podSelector: {matchLabels: {app: api}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: metrics}]}]',
    );
    assert.equal(allowed(workspaceOf(web, api, one, two), 'shop/web', 'shop/api'), 'TCP 9000, 9090');
  });

  it('isolation by one policy, allowance by another', () => {
    const allow = policy(
      'shop/allow',
      'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]',
    );
    const ws = workspaceOf(
      web,
      api,
      denyAll,
      allow,
      policy(
        'shop/web-out',
        'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {matchLabels: {app: api}}}]}]',
      ),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    const verdict = explain(ws, 'shop/web', 'shop/api');
    assert.deepEqual(
      verdict.ingress.isolatingPolicies.map((r) => r.policy),
      ['shop/deny', 'shop/allow'],
    );
    assert.deepEqual(
      verdict.ingress.allowingRules.map((r) => `${r.policy} ${r.direction}[${r.ruleIndex}]`),
      ['shop/allow ingress[0]'],
    );
    assert.deepEqual(
      verdict.egress.allowingRules.map((r) => r.policy),
      ['shop/web-out'],
    );
    assert.equal(allowed(ws, 'shop/api', 'shop/web'), 'none');
  });
});

describe('reach: ports (docs "Targeting a range of ports"; API reference NetworkPolicyPort: named ports)', () => {
  const a = deployment('shop/a', { tier: 'back' }, ['http:8080']);
  const b = deployment('shop/b', { tier: 'back' }, ['http:9090']);

  it('an egress named port is resolved on EACH destination: two destinations exposing `http` on different numbers', () => {
    const ws = workspaceOf(
      web,
      a,
      b,
      policy(
        'shop/p',
        'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {matchLabels: {tier: back}}}], ports: [{port: http}]}]',
      ),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/a'), 'TCP 8080');
    assert.equal(allowed(ws, 'shop/web', 'shop/b'), 'TCP 9090');
  });

  it('a named port the destination lacks, or has with another protocol, allows nothing to it', () => {
    const ws = workspaceOf(
      web,
      api,
      policy('shop/p', 'podSelector: {matchLabels: {app: api}}\ningress: [{ports: [{port: grpc}, {port: http, protocol: UDP}]}]'),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'none');
  });

  it('port with endPort allows the whole range', () => {
    const ws = workspaceOf(
      web,
      api,
      policy(
        'shop/p',
        'podSelector: {matchLabels: {app: api}}\ningress: [{ports: [{port: 8000, endPort: 8009}, {protocol: UDP}]}]',
      ),
    );
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'TCP 8000-8009; UDP all ports');
    assert.equal(explain(ws, 'shop/web', 'shop/api', '8005/TCP').allowed, true);
    assert.equal(explain(ws, 'shop/web', 'shop/api', '8010').allowed, false);
  });

  it('egress to an outside address never resolves a named port', () => {
    const ws = workspaceOf(
      web,
      policy('shop/p', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: http}, {port: 443}]}]'),
    );
    assert.equal(allowed(ws, 'shop/web', '0.0.0.0/0'), 'TCP 443');
  });
});

describe('reach: invalid policies are left out (the API server refuses them)', () => {
  it('a policy with an error diagnostic neither isolates nor allows, and is reported with its location and reason', () => {
    const invalid = policy('shop/bad', 'podSelector: {}\ningress: [{ports: [{port: 80800}]}]');
    const ws = workspaceOf(web, api, invalid);
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    const { leftOut } = reach(ws).analysis;
    assert.deepEqual(
      leftOut.map((p) => [p.policy, p.uri, p.range.start.line]),
      [['shop/bad', 'file:///ws/f2.yaml', 3]],
    );
    assert.match(leftOut[0].reason, /1 validation error.*NP1302/);
  });

  it('a policy document with a YAML syntax error is named in leftOut, with the namespace and name its text shows (issue 10 §1.3)', () => {
    const broken = policy('shop/db-in', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress').replace(
      '[Ingress',
      '[Ingress\n',
    );
    const ws = workspaceOf(web, api, broken);
    assert.deepEqual(
      reach(ws).analysis.leftOut.map((p) => [p.policy, p.uri, p.range.start.line]),
      [['shop/db-in', 'file:///ws/f2.yaml', 1]],
    );
    assert.match(reach(ws).analysis.leftOut[0].reason, /^not read: NP0001 at line \d+: YAML syntax error/);
  });

  it('warnings do not leave a policy out', () => {
    const warned = policy('shop/warn', 'podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]\negress: []');
    const ws = workspaceOf(web, api, warned);
    assert.deepEqual(reach(ws).analysis.leftOut, []);
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'none');
  });
});

// kube-apiserver drops unknown fields under its default field validation (Warn) for clients that
// do not ask for Strict (kubectl does); Go clients on k8s.io/api before 0.28 send `status: {}`,
// a field NetworkPolicy has not had since 1.28 (issue 10 §1.2).
describe('reach: unknown fields are dropped as the API server stores them, and said so', () => {
  const denyAll = (extra: string) =>
    `${policy('shop/deny-api', 'podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]')}${extra}`;

  it('`status: {}` does not remove a deny-all from reachability: the database stays closed', () => {
    const ws = workspaceOf(web, api, denyAll('status: {}\n'));
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'none');
    assert.deepEqual(reach(ws).analysis.leftOut, []);
    const { adjusted } = reach(ws).analysis;
    assert.deepEqual(
      adjusted.map((p) => p.policy),
      ['shop/deny-api'],
    );
    assert.match(adjusted[0].reason, /^analysed without the unknown field `status` at the top level \(line \d+\)/);
  });

  it('explain names the dropped field in the isolating policy it describes', () => {
    const ws = workspaceOf(web, api, denyAll('status: {}\n'));
    const verdict = explain(ws, 'shop/web', 'shop/api');
    assert.equal(verdict.allowed, false);
    assert.match(verdict.ingress.isolatingPolicies[0].description, /\[analysed without the unknown field `status`/);
    assert.match(verdict.summary, /shop\/deny-api is analysed without the unknown field `status`/);
  });

  it('a policy with an unknown field and another error stays left out', () => {
    const ws = workspaceOf(web, api, denyAll('status: {}\n').replace('policyTypes: [Ingress]', 'policyTypes: [Sideways]'));
    assert.equal(allowed(ws, 'shop/web', 'shop/api'), 'all ports');
    assert.deepEqual(
      reach(ws).analysis.leftOut.map((p) => p.policy),
      ['shop/deny-api'],
    );
  });
});

describe('reach: explain', () => {
  it('names the isolating policies and the allowing rules with their locations, and says "not isolated"', () => {
    const ws = workspaceOf(
      web,
      api,
      policy(
        'shop/api-in',
        'podSelector: {matchLabels: {app: api}}\ningress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: http}]}]',
      ),
    );
    const verdict = explain(ws, 'shop/web', 'shop/api');
    assert.equal(verdict.allowed, true);
    assert.deepEqual(verdict.ports, [{ protocol: 'TCP', ports: [[9000, 9000]] }]);
    assert.equal(verdict.egress.isolated, false);
    assert.equal(verdict.egress.allowed, 'all');
    const [rule] = verdict.ingress.allowingRules;
    assert.equal(rule.location.uri, 'file:///ws/f2.yaml');
    assert.equal(rule.location.range.start.line, 7, 'the `ingress` list item');
    assert.equal(rule.description, 'allows from pods app=web in namespace shop on TCP port named "http" (here TCP 9000)');
    assert.match(verdict.summary, /may connect .* on TCP 9000/);
    const denied = explain(ws, 'shop/api', 'shop/web', '9000');
    assert.equal(denied.allowed, true, 'web is not isolated');
    const reverse = explain(workspaceOf(web, api, denyAll), 'shop/web', 'shop/api');
    assert.equal(reverse.allowed, false);
    assert.match(
      reverse.summary,
      /egress of shop\/web\[Deployment\] does not allow it and the ingress of shop\/api\[Deployment\] does not allow it/,
    );
  });
});

describe('reach: preparing an explanation from typed refs and port', () => {
  const ws = workspaceOf(web, api);
  const { analysis } = reach(ws);

  it('resolves both ends and the port as written', () => {
    const prepared = prepareExplain(analysis, 'shop/web', '203.0.113.7', '443/tcp');
    assert.ok(!('problem' in prepared));
    assert.equal(prepared.from.ref, 'shop/web[Deployment]');
    assert.equal(prepared.to.kind, 'external');
    assert.equal(prepared.port?.text, '443/tcp');
    assert.equal(formatConnectionSet(prepared.port.set), 'TCP 443');
    assert.equal('port' in prepareExplain(analysis, 'shop/web', 'shop/api'), false, 'no port asked: any port');
  });

  it('names which end is unknown, keeping the close matches in the message', () => {
    assert.deepEqual(prepareExplain(analysis, 'shop/wbe', 'shop/api'), {
      problem: {
        kind: 'unknown-from',
        message:
          'no workload "shop/wbe"; did you mean shop/web[Deployment]? (refs are namespace/name[Kind], namespace/name, or an IP address or CIDR)',
      },
    });
    const unknownTo = prepareExplain(analysis, 'shop/web', 'other/api');
    assert.equal('problem' in unknownTo && unknownTo.problem.kind, 'unknown-to');
  });

  it('refuses two external ends: nothing outside the cluster is subject to NetworkPolicies (docs "The two sorts of pod isolation")', () => {
    const prepared = prepareExplain(analysis, '10.0.0.1', '0.0.0.0/0');
    assert.equal('problem' in prepared && prepared.problem.kind, 'both-external');
  });

  it('checks the ends before the port, and words a bad port with the port parser', () => {
    const badPort = prepareExplain(analysis, 'shop/web', 'shop/api', 'http');
    assert.equal('problem' in badPort && badPort.problem.kind, 'bad-port');
    assert.ok('problem' in badPort && badPort.problem.message.length > 0);
    const both = prepareExplain(analysis, 'shop/nope', 'shop/api', 'http');
    assert.equal('problem' in both && both.problem.kind, 'unknown-from');
  });
});

describe('reach: filtering connections by namespace and ends', () => {
  const db = deployment('data/db', { app: 'db' }, ['pg:5432']);
  const webOut = policy(
    'shop/web-out',
    'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}]}, {to: [{namespaceSelector: {}}]}]',
  );
  const ws = workspaceOf(namespace('shop'), namespace('data'), web, api, db, webOut);
  const { analysis, connections } = reach(ws);
  const pairs = (list: readonly ReachConnection[]): string[] => list.map((c) => `${c.from} -> ${c.to}`).sort();

  it('no filter keeps every connection', () => {
    assert.deepEqual(pairs([...filterConnections(analysis, connections, {})]), pairs(connections));
  });

  it('a namespace keeps connections with a workload of it at either end, never by an external ref', () => {
    const kept = pairs([...filterConnections(analysis, connections, { namespace: 'data' })]);
    assert.ok(kept.length > 0);
    assert.ok(
      kept.every((pair) => pair.includes('data/db[Deployment]')),
      kept.join('\n'),
    );
    assert.ok(kept.includes('shop/web[Deployment] -> data/db[Deployment]'));
    assert.ok(kept.includes('data/db[Deployment] -> shop/api[Deployment]'));
    assert.ok(kept.includes('data/db[Deployment] -> 0.0.0.0/0'));
  });

  it('a workload end keeps only that workload at that end', () => {
    const from = endpoint(ws, 'shop/web');
    const kept = [...filterConnections(analysis, connections, { from })];
    assert.ok(kept.length > 0);
    assert.ok(kept.every((c) => c.from === 'shop/web[Deployment]' && c.external !== 'from'));
    assert.deepEqual(pairs(kept), pairs(connections.filter((c) => c.from === 'shop/web[Deployment]')));
  });

  it('an address end keeps external blocks that share an address with it (an ipBlock allows part of the address space)', () => {
    const to = endpoint(ws, '203.0.113.9');
    const kept = pairs([...filterConnections(analysis, connections, { from: endpoint(ws, 'shop/web'), to })]);
    assert.deepEqual(kept, ['shop/web[Deployment] -> 203.0.113.0/24']);
    const elsewhere = pairs([
      ...filterConnections(analysis, connections, { from: endpoint(ws, 'shop/web'), to: endpoint(ws, '198.51.100.1') }),
    ]);
    assert.deepEqual(elsewhere, [], 'web egress allows addresses only inside 203.0.113.0/24');
    const fromApi = pairs([...filterConnections(analysis, connections, { from: endpoint(ws, 'shop/api'), to })]);
    assert.deepEqual(fromApi, ['shop/api[Deployment] -> 0.0.0.0/0'], 'open egress reaches every address');
  });

  it('an address end never matches a workload end', () => {
    const kept = pairs([
      ...filterConnections(analysis, connections, { from: endpoint(ws, '203.0.113.9'), to: endpoint(ws, 'shop/web') }),
    ]);
    assert.deepEqual(
      kept,
      ['0.0.0.0/0 -> shop/web[Deployment]'],
      'web has open ingress; workloads that reach web are not 203.0.113.9',
    );
  });
});

describe('reach: one NetworkPolicy per namespace and name (a cluster holds the copy applied last)', () => {
  const client = deployment('shop/client', { app: 'client' });
  const server = deployment('shop/server', { app: 'server' });
  const allowing = (port: number) =>
    policy('shop/server-in', `podSelector: {matchLabels: {app: server}}\ningress: [{ports: [{port: ${port}}]}]`);

  it('two copies in two files: only the later file counts, never the union of both', () => {
    const ws = workspaceOf(client, server, allowing(22), allowing(443));
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 443');
    assert.equal(explain(ws, 'shop/client', 'shop/server', '22/TCP').allowed, false);
    const { leftOut } = reach(ws).analysis;
    assert.deepEqual(
      leftOut.map((p) => [p.policy, p.uri]),
      [['shop/server-in', 'file:///ws/f2.yaml']],
    );
    assert.match(leftOut[0].reason, /replaced by the copy at f3\.yaml:1, applied after it/);
  });

  it('two copies in one file: the later document counts', () => {
    const ws = workspaceOf(client, server, `${allowing(443)}---\n${allowing(22)}`);
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 22');
  });

  it('files apply in folder-walk order (kubectl apply -f dir/): a/p.yaml before a-c.yaml, though "-" sorts before "/"', () => {
    const ws = new Workspace();
    for (const [uri, text] of [
      ['file:///ws/a-c.yaml', allowing(443)],
      ['file:///ws/a/p.yaml', allowing(22)],
      ['file:///ws/w.yaml', `${client}---\n${server}`],
    ])
      ws.setFile(uri, text);
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 443');
  });

  it('a NetworkPolicy of the same name in another namespace is another object', () => {
    const other = policy('other/server-in', 'podSelector: {}\npolicyTypes: [Ingress]');
    const ws = workspaceOf(client, server, allowing(443), other);
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 443');
    assert.deepEqual(reach(ws).analysis.leftOut, []);
  });

  it('a later copy the API server refuses replaces nothing: the earlier copy stays in force', () => {
    const refused = policy('shop/server-in', 'podSelector: {matchLabels: {app: server}}\ningress: [{ports: [{port: 70000}]}]');
    const ws = workspaceOf(client, server, allowing(443), refused);
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 443');
    const { leftOut } = reach(ws).analysis;
    assert.deepEqual(
      leftOut.map((p) => p.uri),
      ['file:///ws/f3.yaml'],
    );
    assert.match(leftOut[0].reason, /^1 validation error/);
  });

  it('a copy under an apiVersion no supported cluster serves shares no identity with the networking.k8s.io/v1 one', () => {
    const removed = allowing(22).replace('networking.k8s.io/v1', 'extensions/v1beta1');
    const ws = workspaceOf(client, server, allowing(443), removed);
    assert.deepEqual(
      ws.problems().map((p) => p.kind),
      [],
    );
    assert.equal(allowed(ws, 'shop/client', 'shop/server'), 'TCP 443');
  });
});
