// Variant folders in `netpol check` (truthful answers §4): an install kept as two
// variants (install.yaml, ha/install.yaml) gets one duplicate warning per file (NP3012),
// not one per shared object.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { deployment, documents, namespace, policy } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

const VARIANT = documents(
  namespace('argocd'),
  deployment('argocd/argocd-server', { app: 'server' }),
  deployment('argocd/argocd-repo-server', { app: 'repo' }),
  deployment('argocd/argocd-redis', { app: 'redis' }),
  policy('argocd/allow-server', 'podSelector: {matchLabels: {app: server}}\ningress: [{}]\n'),
  policy(
    'argocd/allow-redis',
    'podSelector: {matchLabels: {app: redis}}\ningress: [{from: [{podSelector: {matchLabels: {app: server}}}]}]\n',
  ),
);

describe('netpol check: variant folders', () => {
  before(ensureBuilt);

  it('two variants sharing six objects: two warnings (NP3012, one per file), not one per object and copy', () => {
    const root = workspace({ 'install.yaml': VARIANT, 'ha/install.yaml': VARIANT });
    try {
      const run = runNetpol(['check', '.', '--format', 'json'], root);
      const warnings = JSON.parse(run.stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`);
      assert.deepEqual(warnings, ['ha/install.yaml NP3012', 'install.yaml NP3012']);
      assert.equal(run.status, 0);
    } finally {
      removeWorkspace(root);
    }
  });
});
