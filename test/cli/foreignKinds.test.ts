// Policies of other kinds through the bundled CLI: named beside every verdict they may change,
// never validated as NetworkPolicies. The star-wars fixture follows Cilium's "Getting started:
// star wars demo" (docs.cilium.io): rule1 lets only org=empire reach the deathstar on TCP 80.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, runNetpol } from './cliHarness';

const ROOT = resolve(__dirname, '..', '..');
const STARWARS = 'test/fixtures/foreign-starwars';
const KINDS = 'test/fixtures/foreign-kinds';
const netpol = (...args: string[]) => runNetpol(args, ROOT);

describe('netpol and policies of other kinds', () => {
  before(() => ensureBuilt());

  it('explain xwing -> deathstar carries the not-modelled note instead of a bare ALLOWED', () => {
    const result = netpol('explain', 'default/xwing', 'default/deathstar', STARWARS);
    assert.equal(result.status, 0);
    const lines = result.stdout.split('\n');
    assert.equal(
      lines[0],
      'default/xwing[Pod] -> default/deathstar[Deployment]: ALLOWED (all ports) as far as NetworkPolicies go, NOT MODELLED: CiliumNetworkPolicy default/rule1',
    );
    assert.match(
      lines[1],
      /default\/deathstar\[Deployment\] is also governed by CiliumNetworkPolicy default\/rule1, which this analysis does not model: the cluster may decide differently\.$/,
    );
    assert.match(
      result.stdout,
      /Not modelled \(policies of other kinds: the cluster may decide differently\):\n {2}CiliumNetworkPolicy default\/rule1 {2}test\/fixtures\/foreign-starwars\/sw_l3_l4_policy\.yaml:5 {2}governs the ingress of default\/deathstar\[Deployment\]/,
    );
  });

  it('explain --format json has notModelled [{kind, policy, location}] and a notice on stderr', () => {
    const result = netpol('explain', 'default/xwing', 'default/deathstar', '--format', 'json', STARWARS);
    assert.equal(result.status, 0);
    const verdict = JSON.parse(result.stdout);
    assert.equal(verdict.notModelled.length, 1);
    const [entry] = verdict.notModelled;
    assert.equal(entry.kind, 'CiliumNetworkPolicy');
    assert.equal(entry.apiVersion, 'cilium.io/v2');
    assert.equal(entry.policy, 'default/rule1');
    assert.equal(entry.workload, 'default/deathstar[Deployment]');
    assert.equal(entry.direction, 'ingress');
    assert.equal(entry.certain, true);
    assert.match(entry.location.uri, /sw_l3_l4_policy\.yaml$/);
    assert.equal(entry.location.range.start.line, 4);
    assert.match(
      result.stderr,
      /netpol: not modelled: CiliumNetworkPolicy default\/rule1 \(test\/fixtures\/foreign-starwars\/sw_l3_l4_policy\.yaml:5\) governs the ingress of default\/deathstar\[Deployment\]/,
    );
  });

  it('explain between workloads no foreign policy governs prints no note', () => {
    const result = netpol('explain', 'default/xwing', 'default/tiefighter', STARWARS);
    assert.equal(result.stdout.split('\n')[0], 'default/xwing[Pod] -> default/tiefighter[Pod]: ALLOWED (all ports)');
    assert.doesNotMatch(result.stdout, /not model/i);
  });

  it('reach names the foreign policies and what they govern: text header, dot comment, stderr for json and csv', () => {
    const text = netpol('reach', STARWARS);
    assert.match(
      text.stdout,
      /^Not modelled \(1 policy of another kind; the cluster may decide differently for the workloads named\):\n {2}CiliumNetworkPolicy default\/rule1 {2}test\/fixtures\/foreign-starwars\/sw_l3_l4_policy\.yaml:5 {2}governs default\/deathstar\[Deployment\]\n/,
    );
    const notice =
      'not modelled: CiliumNetworkPolicy default/rule1 (test/fixtures/foreign-starwars/sw_l3_l4_policy.yaml:5) governs default/deathstar[Deployment]: the cluster may decide differently for it';
    assert.ok(netpol('reach', '--format', 'dot', STARWARS).stdout.includes(`// ${notice}\n`));
    for (const format of ['json', 'csv']) {
      const result = netpol('reach', '--format', format, STARWARS);
      assert.ok(result.stderr.includes(`netpol: ${notice}\n`), format);
    }
    // A namespace filter keeps only the notes about the workloads listed.
    assert.doesNotMatch(netpol('reach', '--namespace', 'other', STARWARS).stdout, /Not modelled/);
    // The JSON document carries them too, for scripts that never read stderr.
    assert.deepEqual(JSON.parse(netpol('reach', '--format', 'json', STARWARS).stdout).notModelled, [
      {
        policy: 'default/rule1',
        kind: 'CiliumNetworkPolicy',
        title: 'CiliumNetworkPolicy default/rule1',
        file: 'test/fixtures/foreign-starwars/sw_l3_l4_policy.yaml',
        line: 5,
        governs: ['default/deathstar[Deployment]'],
        mayGovern: [],
      },
    ]);
  });

  it('reach says when a selector is not understood: the policy may govern every workload of its scope', () => {
    const result = netpol('reach', KINDS);
    assert.match(
      result.stdout,
      /Calico GlobalNetworkPolicy odd-selector {2}test\/fixtures\/foreign-kinds\/calico\.yaml:\d+ {2}may govern shop\/api\[Deployment\], shop\/web\[Deployment\], tools\/debug\[Deployment\] \(selector not understood\)/,
    );
  });

  it('check reports nothing on a realistic CNP, CCNP, Calico NetworkPolicy and GNP, ANP, BANP, ClusterNetworkPolicy, AuthorizationPolicy', () => {
    for (const folder of [KINDS, STARWARS]) {
      const result = netpol('check', '--format', 'json', folder);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      const report = JSON.parse(result.stdout);
      const findings = JSON.stringify(report);
      assert.doesNotMatch(findings, /"severity":\s*"(error|warning)"/, findings);
    }
  });
});
