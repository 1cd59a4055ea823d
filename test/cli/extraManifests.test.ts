// `--extra PATH`: stand-in manifests for pods nothing in the analysed files declares (made by an
// operator, installed from another repository). Read into the workspace for selectors and
// reachability, never reported on: through the bundled CLI, for check, reach and explain.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deployment, documents, operatorResource, policy } from '../builders';
import { yaml } from '../helpers';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

// shop/db is selected by a policy, but only a stand-in declares its pods.
const POLICY = policy(
  'shop/db-ingress',
  'podSelector: {matchLabels: {app: db}}\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 5432}]',
);
const WEB = deployment('shop/web', { app: 'web' });
// A stand-in with a problem of its own (a label value YAML reads as a boolean: NP3005 in a checked file).
const DB_STAND_IN = yaml`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata: {name: db, namespace: shop}
  spec:
    selector: {matchLabels: {app: db}}
    template:
      metadata: {labels: {app: db, broken: yes}}
      spec: {containers: [{name: db, image: postgres}]}
`;

interface Finding {
  file: string;
  code: string;
}

describe('netpol --extra: stand-in manifests', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'app/policy.yaml': documents(POLICY, WEB),
      'stand-ins/db.yaml': DB_STAND_IN,
      'stand-ins/prometheus.yaml': operatorResource('Prometheus', 'monitoring/k8s'),
    });
  });
  after(() => removeWorkspace(root));

  const check = (...args: string[]) => {
    const run = runNetpol(['check', 'app', '--format', 'json', ...args], root);
    return { run, findings: (JSON.parse(run.stdout).diagnostics as Finding[]).map((d) => `${d.file} ${d.code}`) };
  };

  it('check: the NP3001 of a policy whose pods only a stand-in declares goes away', () => {
    assert.deepEqual(check().findings, ['app/policy.yaml NP3001']);
    const { run, findings } = check('--extra', 'stand-ins/db.yaml');
    assert.deepEqual(findings, []);
    assert.equal(run.status, 0);
  });

  it('check: stand-ins are neither reported on nor counted as checked files, even when also given to check', () => {
    const run = runNetpol(['check', 'app', 'stand-ins', '--extra', 'stand-ins'], root);
    assert.equal(run.stdout, '', 'no finding in any file, the stand-in NP3005 included');
    assert.match(run.stderr, /in 0 files \(1 analysed\)/);
  });

  it('--extra is repeatable and takes folders', () => {
    const run = runNetpol(['reach', 'app', '--format', 'json', '--extra', 'stand-ins/db.yaml', '--extra', 'stand-ins'], root);
    const refs = (JSON.parse(run.stdout) as { workloads: Array<{ ref: string }> }).workloads.map((w) => w.ref);
    assert.deepEqual(refs, ['monitoring/k8s[Prometheus]', 'shop/db[StatefulSet]', 'shop/web[Deployment]']);
  });

  it('reach: the stand-in is a workload, and the answer changes (web reaches db on 5432 only)', () => {
    const without = runNetpol(['reach', 'app', '--from', 'shop/web', '--format', 'csv'], root);
    assert.doesNotMatch(without.stdout, /shop\/db/);
    const withStandIn = runNetpol(
      ['reach', 'app', '--from', 'shop/web', '--format', 'csv', '--extra', 'stand-ins/db.yaml'],
      root,
    );
    assert.match(withStandIn.stdout, /^shop\/web\[Deployment\],shop\/db\[StatefulSet\],TCP,5432$/m);
  });

  it('explain: a stand-in can be named as an end, and its isolation applies', () => {
    const run = runNetpol(
      ['explain', 'shop/web', 'shop/db', 'app', '--port', '22', '--format', 'json', '--extra', 'stand-ins/db.yaml'],
      root,
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { allowed: boolean }).allowed, false);
    const unknown = runNetpol(['explain', 'shop/web', 'shop/db', 'app'], root);
    assert.equal(unknown.status, 2, 'without the stand-in shop/db is an unknown ref');
  });

  it('a path that does not exist is a usage error naming --extra (exit 2)', () => {
    const run = runNetpol(['check', 'app', '--extra', 'nowhere.yaml'], root);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--extra nowhere\.yaml: no such file or directory/);
  });
});
