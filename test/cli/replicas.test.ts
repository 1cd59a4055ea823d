// `netpol explain` and `netpol reach` on StatefulSet replicas, hostNetwork pods and a pod to
// itself (truthful answers §1.5-§1.7), through the bundled CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { daemonSet, deployment, documents, pod, policy, statefulSet } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

const MANIFESTS = documents(
  statefulSet('a/kafka', { app: 'kafka' }, ['9092'], { replicas: 3 }),
  deployment('a/client', { app: 'client' }),
  pod('a/web', { app: 'web' }),
  daemonSet('a/agent', { app: 'agent' }, [], { hostNetwork: true }),
  policy('a/kafka-0', 'podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-0}}\npolicyTypes: [Ingress]'),
  policy('a/web', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Ingress, Egress]'),
);

describe('netpol explain and reach: replicas, hostNetwork, a pod to itself', () => {
  let root = '';
  before(() => {
    ensureBuilt();
    root = workspace({ 'all.yaml': MANIFESTS });
  });
  after(() => removeWorkspace(root));
  const netpol = (...args: string[]) => runNetpol(args, root);

  it('check: a selector on statefulset.kubernetes.io/pod-name (docs "StatefulSets", Pod Name Label) selects a replica, no NP3001', () => {
    const result = netpol('check', '.');
    assert.doesNotMatch(result.stdout, /NP3001/);
  });

  it('explain a/client a/kafka: DIFFERS PER REPLICA, one line per replica; a/kafka#0 alone is DENIED', () => {
    const result = netpol('explain', 'a/client', 'a/kafka', '.');
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'a/client[Deployment] -> a/kafka[StatefulSet]: DIFFERS PER REPLICA (every replica: nothing)');
    assert.ok(lines.includes('  a/client[Deployment] -> a/kafka[StatefulSet]#0: DENIED'), result.stdout);
    assert.ok(lines.includes('  a/client[Deployment] -> a/kafka[StatefulSet]#1: ALLOWED (all ports)'), result.stdout);
    assert.match(netpol('explain', 'a/client', 'a/kafka[StatefulSet]#0', '.').stdout, /^[^\n]*#0: DENIED\n/);
  });

  it("explain 'a/web[Pod]' 'a/web[Pod]': ALLOWED on all ports, a pod cannot block access to itself (docs \"Network Policies\")", () => {
    const result = netpol('explain', 'a/web[Pod]', 'a/web[Pod]', '.');
    assert.match(result.stdout, /^a\/web\[Pod\] -> a\/web\[Pod\]: ALLOWED \(all ports\)\n.*a pod cannot block access to itself/);
  });

  it('explain from a hostNetwork workload says NetworkPolicies do not apply to its traffic', () => {
    const result = netpol('explain', 'a/agent', 'a/client', '.');
    assert.match(
      result.stdout,
      /Note: a\/agent\[DaemonSet\] uses hostNetwork: NetworkPolicies do not apply to this pod's traffic/,
    );
    // The headline itself is qualified: the node's traffic may meet an ipBlock rule the CNI applies or not.
    assert.match(
      result.stdout,
      /^a\/agent\[DaemonSet\] -> a\/client\[Deployment\]: \w+.* as far as NetworkPolicies go, HOST NETWORK: a\/agent\[DaemonSet\] \(the CNI decides\)/,
    );
    assert.equal(JSON.parse(netpol('explain', 'a/agent', 'a/client', '.', '--format', 'json').stdout).from.hostNetwork, true);
  });

  it('reach lists replicas as a/kafka[StatefulSet]#N and prints notes (text; stderr for json)', () => {
    const text = netpol('reach', '.');
    assert.match(text.stdout, /^Notes:\n {2}a\/agent\[DaemonSet\] uses hostNetwork/m);
    assert.match(text.stdout, /a\/kafka\[StatefulSet\] is analysed per replica/);
    assert.match(text.stdout, /^a\/client\[Deployment\] +a\/kafka\[StatefulSet\]#1 +all ports$/m);
    assert.doesNotMatch(text.stdout, /^a\/client\[Deployment\] +a\/kafka\[StatefulSet\]#0 /m);
    const json = netpol('reach', '.', '--format', 'json');
    assert.match(json.stderr, /netpol: note: a\/agent\[DaemonSet\] uses hostNetwork/);
    assert.ok(JSON.parse(json.stdout));
  });
});
