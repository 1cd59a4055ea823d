// `netpol check` reads the files it is given as one workspace, as the editor reads a folder:
// the NP3xxx findings and the cross-file DNS exception, through the bundled CLI.
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import { deployment, policy, service } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace, type Entry } from './cliHarness';

// The expected line numbers count metadata as one line.
const oneLine = { oneLineMetadata: true };

/** A policy without metadata.namespace: it lands in the default namespace of the run. */
const policySelecting = (app: string) =>
  policy(`select-${app}`, `podSelector: {matchLabels: {app: ${app}}}\ningress: [{}]`, oneLine);

const DENY_EGRESS = policy('shop/default-deny', 'podSelector: {}\npolicyTypes: [Egress]', oneLine);

const ALLOW_DNS = policy(
  'shop/allow-dns',
  'podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]',
  oneLine,
);

interface Finding {
  file: string;
  line: number;
  code: string;
  severity: string;
}

function check(entries: Record<string, Entry>, args: string[]): { status: number | null; findings: string[] } {
  const root = workspace(entries);
  try {
    const run = runNetpol(['check', '.', '--format', 'json', ...args], root);
    const findings = (JSON.parse(run.stdout).diagnostics as Finding[]).map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`);
    return { status: run.status, findings };
  } finally {
    removeWorkspace(root);
  }
}

describe('netpol check: the files given form one workspace', () => {
  before(() => ensureBuilt());

  it('reports a podSelector that matches no workload of the other files (NP3001), as a warning that keeps exit 0', () => {
    const result = check(
      { 'policy.yaml': policySelecting('web'), 'apps/api.yaml': deployment('default/api', { app: 'api' }) },
      [],
    );
    assert.deepEqual(result.findings, ['policy.yaml:5 warning NP3001']);
    assert.equal(result.status, 0);
  });

  it('finds the workload in another file: no finding when the selector matches it', () => {
    const result = check(
      { 'policy.yaml': policySelecting('web'), 'apps/web.yaml': deployment('default/web', { app: 'web' }) },
      [],
    );
    assert.deepEqual(result.findings, []);
  });

  // Objects without metadata.namespace are in the namespace of the kubectl context; --default-namespace names it.
  it('puts objects that name no namespace in --default-namespace', () => {
    const entries = { 'policy.yaml': policySelecting('web'), 'apps/web.yaml': deployment('shop/web', { app: 'web' }) };
    assert.deepEqual(check(entries, []).findings, ['policy.yaml:5 warning NP3001']);
    assert.deepEqual(check(entries, ['--default-namespace', 'shop']).findings, []);
  });

  it('--workspace-diagnostics error makes the findings errors and fails the check; off drops them', () => {
    const entries = { 'policy.yaml': policySelecting('web'), 'apps/api.yaml': deployment('default/api', { app: 'api' }) };
    const strict = check(entries, ['--workspace-diagnostics', 'error']);
    assert.deepEqual(strict.findings, ['policy.yaml:5 error NP3001']);
    assert.equal(strict.status, 1);
    assert.deepEqual(check(entries, ['--workspace-diagnostics', 'off']), { status: 0, findings: [] });
  });

  it('says nothing of selectors when the files hold no workload at all (policies checked alone)', () => {
    assert.deepEqual(check({ 'policy.yaml': policySelecting('web') }, []).findings, []);
  });

  it('drops the DNS warning (NP2005) of a default-deny when an allow-dns policy of the namespace is in another file', () => {
    assert.deepEqual(check({ 'deny.yaml': DENY_EGRESS }, []).findings, ['deny.yaml:6 warning NP2005']);
    assert.deepEqual(check({ 'deny.yaml': DENY_EGRESS, 'dns.yaml': ALLOW_DNS }, []).findings, []);
  });

  // microservices-demo (release/kubernetes-manifests, network-policies): a deny-all beside one policy
  // per workload with `egress: [{}]`; a pod's egress is the union of the policies selecting it.
  it('drops NP2005 when each workload has its own policy allowing all egress, and keeps it while one has none', () => {
    const allowAll = (app: string) =>
      policy(
        `shop/${app}`,
        `podSelector: {matchLabels: {app: ${app}}}\npolicyTypes: [Ingress, Egress]\ningress: [{}]\negress: [{}]`,
        oneLine,
      );
    const files = {
      'deny.yaml': DENY_EGRESS,
      'apps/frontend.yaml': deployment('shop/frontend', { app: 'frontend' }),
      'apps/cart.yaml': deployment('shop/cart', { app: 'cart' }),
      'policies/frontend.yaml': allowAll('frontend'),
    };
    assert.deepEqual(check(files, []).findings, ['deny.yaml:6 warning NP2005']);
    assert.deepEqual(check({ ...files, 'policies/cart.yaml': allowAll('cart') }, []).findings, []);
  });

  it('reports a Service port allowed where the pod port belongs (NP3010), from a Service in another file', () => {
    const webService = service('default/web', { app: 'web' }, [{ port: 80, targetPort: 'http' }]);
    const web = deployment('default/web', { app: 'web' }, ['http:8080']);
    const allowing = (port: string) =>
      policy('select-web', `podSelector: {matchLabels: {app: web}}\ningress: [{ports: [{port: ${port}}]}]`, oneLine);
    const files = (port: string) => ({ 'policy.yaml': allowing(port), 'apps/web.yaml': web, 'apps/web-svc.yaml': webService });
    assert.deepEqual(check(files('80'), []).findings, ['policy.yaml:6 warning NP3010']);
    assert.deepEqual(check(files('http'), []).findings, []);
  });

  it('refuses an unknown --workspace-diagnostics severity with exit 2', () => {
    const root = workspace({ 'policy.yaml': policySelecting('web') });
    try {
      const run = runNetpol(['check', '.', '--workspace-diagnostics', 'loud'], root);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /--workspace-diagnostics must be one of error, warning, information, hint, off, not "loud"/);
    } finally {
      removeWorkspace(root);
    }
  });
});
