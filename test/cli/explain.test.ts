// `netpol explain` through the bundled CLI.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployment, documents, policy } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

const ROOT = resolve(__dirname, '..', '..');
const explain = (...args: string[]) => runNetpol(['explain', ...args], ROOT);

describe('netpol explain', () => {
  before(() => ensureBuilt());

  it('prints the verdict, then the egress side and the ingress side with policies and rules at file:line', () => {
    const result = explain('shop/frontend', 'shop/cart', 'examples/shop', 'examples/namespaces.yaml');
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'shop/frontend[Deployment] -> shop/cart[Deployment]: ALLOWED (TCP 50051)');
    assert.match(
      result.stdout,
      /egress of shop\/frontend\[Deployment\]: isolated, allows TCP 50051\n {2}isolated by:\n {4}shop\/default-deny {2}examples\/shop\/policies\.yaml:\d+ {2}isolates every pod of namespace shop for egress/,
    );
    assert.match(
      result.stdout,
      /allowed by:\n {4}shop\/frontend-to-cart egress\[0\] {2}examples\/shop\/policies\.yaml:\d+ {2}allows to pods app=cart in namespace shop on TCP port named "grpc"/,
    );
    assert.match(result.stdout, /ingress of shop\/cart\[Deployment\]: isolated/);
  });

  it('exits 0 when the connection is denied, and says which side denies it', () => {
    const result = explain('shop/frontend', 'shop/redis', '--port', '6379', 'examples/shop', 'examples/namespaces.yaml');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^shop\/frontend\[Deployment\] -> shop\/redis\[StatefulSet\] on 6379: DENIED/);
    assert.match(result.stdout, /no rule allows this traffic/);
  });

  it('says "not isolated" for a side no policy selects, and takes an address as a ref', () => {
    const result = explain('default/debug-shell', '8.8.8.8', 'examples');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /egress of default\/debug-shell\[Pod\]: not isolated/);
    assert.match(result.stdout, /ingress of 8\.8\.8\.8: outside the cluster/);
  });

  it('--format json prints the netpol/explain result', () => {
    const result = explain('shop/cart', 'payments/payments-api', '--port', '8443/tcp', '--format', 'json', 'examples');
    const verdict = JSON.parse(result.stdout);
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.port, '8443/tcp');
    assert.deepEqual(verdict.ports, [{ protocol: 'TCP', ports: [[8443, 8443]] }]);
    assert.deepEqual(
      verdict.ingress.allowingRules.map((r: { policy: string }) => r.policy),
      ['payments/api-from-cart'],
    );
  });

  it('exit 2 on an unknown ref, listing close matches; on a bad port; without paths', () => {
    const unknown = explain('shop/frontnd', 'shop/cart', 'examples/shop');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no workload "shop\/frontnd"; did you mean shop\/frontend\[Deployment\]/);
    assert.equal(explain('shop/frontend', 'shop/cart', '--port', 'http', 'examples/shop').status, 2);
    assert.equal(explain('shop/frontend', 'shop/cart').status, 2);
  });
});

// A NetworkPolicy port without protocol is TCP (API reference, NetworkPolicyPort.protocol: "If not
// specified, this field defaults to TCP"); --port follows it, and says so, since DNS is UDP first.
describe('netpol explain --port without a protocol', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'dns.yaml': documents(
        deployment('kube-system/coredns', { 'k8s-app': 'kube-dns' }, ['dns:53/UDP', 'dns-tcp:53']),
        deployment('shop/web', { app: 'web' }),
        policy(
          'shop/default-deny',
          'podSelector: {}\npolicyTypes: [Ingress, Egress]\negress:\n- to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n  ports: [{port: 53, protocol: UDP}]',
        ),
      ),
    });
  });
  after(() => removeWorkspace(root));

  it('states the TCP it assumed and that UDP 53 is allowed, in text and JSON', () => {
    const text = runNetpol(['explain', 'shop/web', 'kube-system/coredns', '--port', '53', '.'], root);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /on 53: DENIED\n.*\. Asked 53\/TCP \(no protocol given, TCP assumed\); UDP 53 is allowed\.\n/);
    const json = runNetpol(['explain', 'shop/web', 'kube-system/coredns', '--port', '53', '--format', 'json', '.'], root);
    const verdict = JSON.parse(json.stdout);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.portNote, 'asked 53/TCP (no protocol given, TCP assumed); UDP 53 is allowed');
  });

  it('names another allowed protocol even when one is given, and adds nothing when none is', () => {
    const tcp = runNetpol(['explain', 'shop/web', 'kube-system/coredns', '--port', '53/tcp', '--format', 'json', '.'], root);
    assert.equal(JSON.parse(tcp.stdout).portNote, 'UDP 53 is allowed');
    const udp = runNetpol(['explain', 'shop/web', 'kube-system/coredns', '--port', '53/UDP', '--format', 'json', '.'], root);
    const verdict = JSON.parse(udp.stdout);
    assert.equal(verdict.allowed, true);
    assert.equal(verdict.portNote, undefined);
    assert.doesNotMatch(verdict.summary, /Asked|allowed\./);
  });
});

// NP2011's counterpart in explain: the rule matches the address, its named port allows nothing there.
describe('netpol explain to an address through a rule with a named port', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'web.yaml': documents(
        deployment('shop/web', { app: 'web' }),
        policy(
          'shop/web-out',
          'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress:\n- to: [{ipBlock: {cidr: 203.0.113.0/24}}]\n  ports: [{port: https}]',
        ),
      ),
    });
  });
  after(() => removeWorkspace(root));

  it('points at the rule that matched the address but whose port name cannot resolve, in text and JSON', () => {
    const text = runNetpol(['explain', 'shop/web', '203.0.113.7', '.'], root);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /: DENIED\n/);
    assert.match(
      text.stdout,
      /no rule allows this traffic\n {2}matched, but a port name cannot resolve on an address:\n {4}shop\/web-out egress\[0\] {2}web\.yaml:\d+ {2}allows to 203\.0\.113\.0\/24 on TCP port named "https": matches 203\.0\.113\.7, but its port named "https" allows nothing there/,
    );
    const json = JSON.parse(runNetpol(['explain', 'shop/web', '203.0.113.7', '--format', 'json', '.'], root).stdout);
    assert.deepEqual(
      json.egress.unresolvedRules.map((r: { policy: string; ruleIndex: number }) => [r.policy, r.ruleIndex]),
      [['shop/web-out', 0]],
    );
    assert.equal(json.ingress.unresolvedRules, undefined);
  });
});

// Issue 10 §1.2 and §1.3: what the analysis changed or could not read is said in every output.
describe('netpol explain: policies analysed as stored, and policies not read', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'apps.yaml': `${deployment('shop/client', { app: 'client' })}---\n${deployment('shop/db', { app: 'db' }, ['pg:5432'])}`,
      // What netpol-analyzer or roxctl write: `status: {}` from k8s.io/api before 0.28.
      'db-deny.yaml': `${policy('shop/db-deny', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]')}status: {}\n`,
      'broken.yaml': policy('shop/client-in', 'podSelector: {matchLabels: {app: client}}\npolicyTypes: [Ingress').replace(
        '[Ingress',
        '[Ingress\n',
      ),
    });
  });
  after(() => removeWorkspace(root));

  it('check still refuses `status` (strict, as kubectl apply), while explain analyses the deny-all and says it dropped the field', () => {
    const check = runNetpol(['check', '.'], root);
    assert.equal(check.status, 1);
    assert.match(check.stdout, /db-deny\.yaml:\d+:\d+: error NP1001 unknown field `status`/);
    const result = runNetpol(['explain', 'shop/client', 'shop/db', '.'], root);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /^shop\/client\[Deployment\] -> shop\/db\[Deployment\]: DENIED/);
    assert.match(
      result.stdout,
      /isolates pods app=db in namespace shop for ingress \[analysed without the unknown field `status`/,
    );
    assert.match(
      result.stdout,
      /Analysed as the API server stores them:\n {2}shop\/db-deny {2}db-deny\.yaml:\d+ {2}analysed without/,
    );
  });

  it('a policy with a YAML syntax error is named, with file:line and the error, in text and JSON', () => {
    const text = runNetpol(['explain', 'shop/db', 'shop/client', '.'], root);
    assert.match(
      text.stdout,
      /Left out of the analysis:\n {2}shop\/client-in {2}broken\.yaml:2 {2}not read: NP0001 at line \d+: YAML syntax error/,
    );
    const json = JSON.parse(runNetpol(['explain', 'shop/db', 'shop/client', '.', '--format', 'json'], root).stdout);
    assert.deepEqual(
      json.leftOut.map((p: { policy: string; file: string; line: number }) => [p.policy, p.file, p.line]),
      [['shop/client-in', 'broken.yaml', 2]],
    );
    assert.deepEqual(
      json.adjusted.map((p: { policy: string }) => p.policy),
      ['shop/db-deny'],
    );
  });
});
