// The pre-commit hooks of .pre-commit-hooks.yaml, run for real: pre-commit (Debian's package,
// installed when missing) installs this repository as a hook repository the way it installs any
// `language: node` hook (npm install, npm pack, npm install -g of the tarball, with the system
// Node) and runs the hooks in a throw-away git repository.
// pre-commit's node language: https://pre-commit.com/#node ; hooks manifest fields:
// https://pre-commit.com/#creating-new-hooks
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, documents, namespace, policy } from '../builders';

const repositoryRoot = resolve(__dirname, '..', '..');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 600_000 });
}

function mustRun(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = run(command, args, cwd, env);
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function commitAll(dir: string, message: string): string {
  mustRun('git', ['add', '-A'], dir);
  mustRun('git', ['-c', 'user.name=netpol test', '-c', 'user.email=netpol@example.invalid', 'commit', '-q', '-m', message], dir);
  return mustRun('git', ['rev-parse', 'HEAD'], dir).trim();
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** This working tree (tracked and new files, as they are now) committed in a repository of its own, so uncommitted hook changes are what runs. */
function hookRepositoryOfThisTree(into: string): string {
  const listed = mustRun('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repositoryRoot)
    .split('\0')
    .filter((path) => path !== '');
  for (const path of listed) {
    mkdirSync(dirname(join(into, path)), { recursive: true });
    try {
      cpSync(join(repositoryRoot, path), join(into, path));
    } catch {
      // A file deleted in the working tree but still in the index: not part of this tree.
    }
  }
  mustRun('git', ['init', '-q'], into);
  return commitAll(into, 'the hooks under test');
}

const web = deployment('shop/web', { app: 'web' }, ['http:8080']);
const goodPolicy = policy('shop/allow-web', 'podSelector:\n  matchLabels: {app: web}\ningress:\n- ports:\n  - port: 8080');
const goodPolicyFromShop = policy(
  'shop/allow-web',
  'podSelector:\n  matchLabels: {app: web}\ningress:\n- from:\n  - podSelector: {}\n  ports:\n  - port: 8080',
);
const webDeniedFromOutside = `apiVersion: netpol-navigator.dev/v1alpha1
kind: ReachabilityExpectations
metadata:
  name: shop
spec:
  expectations:
    - name: nothing outside the cluster reaches web
      from: {cidr: 0.0.0.0/0}
      to: shop/web[Deployment]
      expect: denied
`;
const badCidr = policy(
  'shop/allow-web',
  'podSelector:\n  matchLabels: {app: web}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/33}',
);

describe('pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit', () => {
  let scratch = '';
  let project = '';
  let env: NodeJS.ProcessEnv = {};

  before(() => {
    const install = run(join(repositoryRoot, 'scripts', 'install-pre-commit.sh'), [], repositoryRoot);
    assert.equal(
      install.status,
      0,
      `pre-commit is missing and could not be installed (apt-get install pre-commit):\n${install.stderr}`,
    );
    scratch = mkdtempSync(join(tmpdir(), 'netpol-pre-commit-'));
    const hooks = join(scratch, 'hooks');
    mkdirSync(hooks);
    const rev = hookRepositoryOfThisTree(hooks);
    project = join(scratch, 'project');
    mkdirSync(project);
    mustRun('git', ['init', '-q'], project);
    writeFiles(project, {
      '.pre-commit-config.yaml': `repos:\n- repo: ${hooks}\n  rev: ${rev}\n  hooks:\n  - id: netpol-check\n  - id: netpol-test\n`,
      'apps/web.yaml': documents(namespace('shop'), web),
      'policies/allow-web.yaml': badCidr,
    });
    commitAll(project, 'a policy with a bad CIDR');
    // The hook environment is built with npm from the registry; the cache `npm ci` filled serves it.
    env = {
      PRE_COMMIT_HOME: join(scratch, 'cache'),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    };
    mustRun('pre-commit', ['install-hooks'], project, env);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('netpol-check fails on a policy the API server would refuse, naming the file, line and code', () => {
    const result = run('pre-commit', ['run', '--all-files', '--color', 'never'], project, env);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /netpol check\.+Failed/);
    assert.match(result.stdout, /policies\/allow-web\.yaml:\d+:\d+: error NP1502/);
  });

  it('netpol-check passes once the policy is fixed, and netpol-test then fails on the expectation the policy breaks', () => {
    writeFiles(project, { 'policies/allow-web.yaml': goodPolicy, 'netpol-expectations.yaml': webDeniedFromOutside });
    commitAll(project, 'fixed, with an expectation');
    const result = run('pre-commit', ['run', '--all-files', '--color', 'never'], project, env);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.match(result.stdout, /netpol check\.+Passed/);
    assert.match(result.stdout, /netpol test\.+Failed/);
    assert.match(result.stdout, /FAIL NPT002 nothing outside the cluster reaches web/);
  });

  it('netpol-test passes once the expectation holds', () => {
    writeFiles(project, { 'policies/allow-web.yaml': goodPolicyFromShop });
    commitAll(project, 'only shop pods reach web');
    const result = run('pre-commit', ['run', '--all-files', '--color', 'never'], project, env);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /netpol check\.+Passed/);
    assert.match(result.stdout, /netpol test\.+Passed/);
  });

  it('both hooks are skipped by a commit that touches no manifest (files: YAML, JSON, Kustomization)', () => {
    writeFiles(project, { 'notes.txt': 'nothing to do with policies\n' });
    mustRun('git', ['add', 'notes.txt'], project);
    const result = run('pre-commit', ['run', '--color', 'never'], project, env);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /netpol check\.+\(no files to check\)Skipped/);
    assert.match(result.stdout, /netpol test\.+\(no files to check\)Skipped/);
  });
});
