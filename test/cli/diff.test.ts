// `netpol diff` on real temporary git repositories and directories: git refs read without
// a checkout, two directories, every format, every --fail-on, exit codes. Kubernetes
// semantics as in reach (concepts/services-networking/network-policies): a policy
// selecting a pod with Ingress in its policyTypes isolates it, and its ingress rules
// are then what may reach it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deployment, documents, policy } from '../builders';
import { ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

const APPS = documents(
  deployment('shop/web', { app: 'web' }, ['http:8080']),
  deployment('shop/db', { app: 'db' }, ['5432', 'metrics:9187']),
);
const DENY_DB = policy('shop/db', 'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]');
/** The same policy with a rule: web may reach db on 5432. Its ingress rule starts at line 10. */
const ALLOW_WEB = policy(
  'shop/db',
  'podSelector: {matchLabels: {app: db}}\npolicyTypes: [Ingress]\ningress:\n- from: [{podSelector: {matchLabels: {app: web}}}]\n  ports: [{port: 5432}]',
);
const WEB = 'shop/web[Deployment]';
const DB = 'shop/db[Deployment]';

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, stdio: 'pipe' });
}

/** A repository whose first commit holds `first`, the second `second`; the working tree is the second commit. */
function repository(first: Record<string, string>, second: Record<string, string>): string {
  const root = workspace(first);
  git(root, 'init', '-q');
  git(root, 'config', 'user.name', 'netpol test');
  git(root, 'config', 'user.email', 'netpol@example.invalid');
  git(root, 'config', 'commit.gpgsign', 'false');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'first');
  for (const [path, text] of Object.entries(second)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '--allow-empty', '-m', 'second');
  return root;
}

function json(stdout: string) {
  return JSON.parse(stdout) as {
    summary: Record<string, number>;
    changes: Array<Record<string, unknown> & { causes: Array<Record<string, unknown>> }>;
    expectations: unknown[];
  };
}

describe('netpol diff', () => {
  let repo: string;
  before(() => {
    ensureBuilt();
    repo = repository({ 'apps/apps.yaml': APPS, 'policies/db.yaml': DENY_DB }, { 'policies/db.yaml': ALLOW_WEB });
  });
  after(() => removeWorkspace(repo));

  it('--base HEAD~1: the rule added opens web -> db, with the rule in the head as cause (text)', () => {
    const run = runNetpol(['diff', '--base', 'HEAD~1'], repo);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        'netpol diff: HEAD~1 -> working tree: 1 opened, 0 widened, 0 narrowed, 0 closed, 0 changed, 0 unknown',
        '',
        'Opened (1)',
        `  ${WEB} -> ${DB}  +TCP 5432`,
        '      after  ingress shop/db ingress[0]  policies/db.yaml:10  allows from pods app=web in namespace shop on TCP 5432',
        '',
        'Expectations: none found (give --expectations FILE|DIR, or keep a ReachabilityExpectations file under the paths).',
        '',
      ].join('\n'),
    );
  });

  it('--base HEAD~1 --head HEAD equals the working tree; reversed, the change closes, caused by the base rule', () => {
    const same = runNetpol(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], repo);
    assert.equal(same.status, 0, same.stderr);
    assert.deepEqual(json(same.stdout).summary, { opened: 1, closed: 0, widened: 0, narrowed: 0, changed: 0, unknown: 0 });
    const reversed = json(runNetpol(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--format', 'json'], repo).stdout);
    assert.deepEqual(
      reversed.changes.map((c) => [c.kind, c.from, c.to, c.causes.map((cause) => [cause.version, cause.file, cause.line])]),
      [['closed', WEB, DB, [['before', 'HEAD:policies/db.yaml', 10]]]],
    );
  });

  it('reads the paths given, relative to the current folder, in the commit too', () => {
    const inPolicies = runNetpol(['diff', 'policies', '--base', 'HEAD~1', '--format', 'json'], repo);
    // Without the workloads of apps/, the policy selects nothing: no connection changes.
    assert.deepEqual(json(inPolicies.stdout).changes, []);
    const both = runNetpol(['diff', '../apps', '.', '--base', 'HEAD~1', '--format', 'json'], join(repo, 'policies'));
    assert.equal(both.status, 0, both.stderr);
    assert.equal(json(both.stdout).summary.opened, 1);
    assert.equal(json(both.stdout).changes[0].causes[0].file, 'db.yaml');
  });

  it('compares uncommitted edits against HEAD: nothing to say, then the edit', () => {
    const clean = runNetpol(['diff', '--base', 'HEAD'], repo);
    assert.equal(clean.status, 0);
    assert.match(clean.stdout, /^netpol diff: HEAD -> working tree: no reachability changes\n/);
    const edited = repository({ 'apps/apps.yaml': APPS, 'policies/db.yaml': ALLOW_WEB }, {});
    try {
      writeFileSync(join(edited, 'policies/db.yaml'), DENY_DB);
      const run = json(runNetpol(['diff', '--base', 'HEAD', '--format', 'json'], edited).stdout);
      assert.deepEqual(
        run.changes.map((c) => [c.kind, c.before, c.after, c.added, c.removed]),
        [['closed', [{ protocol: 'TCP', ports: [[5432, 5432]] }], 'none', 'none', [{ protocol: 'TCP', ports: [[5432, 5432]] }]]],
      );
    } finally {
      removeWorkspace(edited);
    }
  });

  it('--base DIR compares two directories, paths relative to each', () => {
    const old = workspace({ 'k8s/apps.yaml': APPS, 'k8s/db.yaml': DENY_DB });
    const now = workspace({
      'k8s/apps.yaml': documents(APPS, deployment('shop/api', { app: 'api' }, ['80'])),
      'k8s/db.yaml': DENY_DB,
    });
    try {
      const run = runNetpol(['diff', 'k8s', '--base', old, '--format', 'json'], now);
      assert.equal(run.status, 0, run.stderr);
      const changes = json(run.stdout).changes.filter((c) => !String(c.to).includes('/0') && !String(c.from).includes('/0'));
      // The new workload reaches web, and web and db reach it; db's ingress stays isolated.
      assert.deepEqual(
        changes.map((c) => [c.kind, c.from, c.to]),
        [
          ['opened', 'shop/api[Deployment]', WEB],
          ['opened', DB, 'shop/api[Deployment]'],
          ['opened', WEB, 'shop/api[Deployment]'],
        ],
      );
      const text = runNetpol(['diff', 'k8s', '--base', old], now);
      assert.match(text.stdout, /shop\/api\[Deployment\] \(new\) -> shop\/web\[Deployment\]/);
    } finally {
      removeWorkspace(old);
      removeWorkspace(now);
    }
  });

  it('--head DIR and -k DIR: each version renders its own kustomization, paths relative to each directory', () => {
    const kustomization = 'resources: [apps.yaml, db.yaml]\n';
    const old = workspace({ 'k/kustomization.yaml': kustomization, 'k/apps.yaml': APPS, 'k/db.yaml': DENY_DB });
    const now = workspace({ 'k/kustomization.yaml': kustomization, 'k/apps.yaml': APPS, 'k/db.yaml': ALLOW_WEB });
    const elsewhere = workspace({});
    try {
      const run = runNetpol(['diff', '-k', 'k', '--base', old, '--head', now, '--format', 'json'], elsewhere);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(
        json(run.stdout).changes.map((c) => [c.kind, c.from, c.to]),
        [['opened', WEB, DB]],
      );
      const plain = runNetpol(['diff', 'k', '--base', old, '--head', now, '--format', 'csv'], elsewhere);
      assert.match(plain.stdout, /^opened,shop\/web\[Deployment\],shop\/db\[Deployment\],no ports,TCP 5432,/m);
      assert.match(
        plain.stdout,
        new RegExp(`after ingress shop/db ingress\\[0\\] ${now.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/k/db\\.yaml:10\\n$`),
      );
    } finally {
      removeWorkspace(old);
      removeWorkspace(now);
      removeWorkspace(elsewhere);
    }
  });

  it('--format json has exactly the documented keys, 1-based positions', () => {
    const document = json(runNetpol(['diff', '--base', 'HEAD~1', '--format', 'json'], repo).stdout);
    assert.deepEqual(Object.keys(document), ['summary', 'changes', 'expectations']);
    assert.deepEqual(Object.keys(document.summary), ['opened', 'closed', 'widened', 'narrowed', 'changed', 'unknown']);
    const [change] = document.changes;
    assert.deepEqual(Object.keys(change), ['kind', 'from', 'to', 'before', 'after', 'added', 'removed', 'causes']);
    assert.deepEqual(change.causes[0], {
      version: 'after',
      side: 'ingress',
      policy: 'shop/db',
      rule: 'ingress[0]',
      file: 'policies/db.yaml',
      line: 10,
      column: 5,
      endLine: 11,
      endColumn: 26,
      description: 'allows from pods app=web in namespace shop on TCP 5432',
    });
    assert.deepEqual(document.expectations, []);
  });

  it('--format md, csv and dot', () => {
    const md = runNetpol(['diff', '--base', 'HEAD~1', '--format', 'md'], repo).stdout;
    assert.match(md, /^### Reachability changes: HEAD~1 → working tree\n\n\*\*1 opened\*\* · 0 widened/);
    assert.match(md, /<details open><summary>Opened \(1\)<\/summary>/);
    assert.match(
      md,
      /\| `shop\/web\[Deployment\]` \| `shop\/db\[Deployment\]` \| \+TCP 5432 \| after: ingress `shop\/db` ingress\[0\] \(policies\/db.yaml:10\) \|/,
    );
    const csv = runNetpol(['diff', '--base', 'HEAD~1', '--format', 'csv'], repo).stdout;
    assert.equal(
      csv,
      'kind,from,to,before,after,added,removed,from_state,to_state,causes\n' +
        'opened,shop/web[Deployment],shop/db[Deployment],no ports,TCP 5432,TCP 5432,no ports,persistent,persistent,after ingress shop/db ingress[0] policies/db.yaml:10\n',
    );
    const dot = runNetpol(['diff', '--base', 'HEAD~1', '--format', 'dot'], repo).stdout;
    assert.match(dot, /"shop\/web\[Deployment\]" -> "shop\/db\[Deployment\]" \[label="\+TCP 5432", color="green"/);
    const closed = runNetpol(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--format', 'dot'], repo).stdout;
    assert.match(closed, /label="−TCP 5432", color="red"/);
  });

  it('--format sarif: NPD001 anchored at the rule in the head, rules NPD001-NPD004', () => {
    const log = JSON.parse(runNetpol(['diff', '--base', 'HEAD~1', '--format', 'sarif'], repo).stdout);
    const run = log.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((rule: { id: string }) => rule.id),
      ['NPD001', 'NPD002', 'NPD003', 'NPD004'],
    );
    assert.equal(run.results.length, 1);
    const [result] = run.results;
    assert.equal(result.ruleId, 'NPD001');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'policies/db.yaml', uriBaseId: '%SRCROOT%' });
    assert.equal(result.locations[0].physicalLocation.region.startLine, 10);
    assert.match(
      result.message.text,
      /^This change opens 1 connection: shop\/web\[Deployment\] -> shop\/db\[Deployment\] \(\+TCP 5432\)\./,
    );
    const closing = JSON.parse(runNetpol(['diff', '--base', 'HEAD', '--head', 'HEAD~1', '--format', 'sarif'], repo).stdout);
    assert.deepEqual(
      closing.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
      [['NPD003', 'note']],
    );
  });

  it('--fail-on: exit 1 only when a kind named happened; default expectations, none, any, lists', () => {
    const status = (...flags: string[]) => runNetpol(['diff', '--base', 'HEAD~1', ...flags], repo).status;
    assert.equal(status(), 0);
    assert.equal(status('--fail-on', 'expectations'), 0);
    assert.equal(status('--fail-on', 'opened'), 1);
    assert.equal(status('--fail-on', 'opened,widened'), 1);
    assert.equal(status('--fail-on', 'closed'), 0);
    assert.equal(status('--fail-on', 'closed,narrowed'), 0);
    assert.equal(status('--fail-on', 'any'), 1);
    assert.equal(status('--fail-on', 'none'), 0);
    assert.equal(runNetpol(['diff', '--base', 'HEAD', '--fail-on', 'any'], repo).status, 0);
  });

  it('expectations: evaluated in both versions, a flip to failed listed and failing --fail-on expectations (the default)', () => {
    const expectations = [
      'apiVersion: netpol-navigator.dev/v1alpha1',
      'kind: ReachabilityExpectations',
      'metadata: {name: shop}',
      'spec:',
      '  expectations:',
      '  - id: web-reaches-db',
      '    from: shop/web[Deployment]',
      '    to: shop/db[Deployment]',
      '    expect: allowed',
      '    ports: [5432]',
      '  - id: db-never-reaches-web-on-ssh',
      '    from: shop/db[Deployment]',
      '    to: shop/web[Deployment]',
      '    expect: denied',
      '    ports: [22]',
      '',
    ].join('\n');
    const repo = repository(
      { 'apps/apps.yaml': APPS, 'policies/db.yaml': ALLOW_WEB, 'tests/netpol-expectations.yaml': expectations },
      {},
    );
    try {
      // The rule goes: web can no longer reach db, the first expectation fails.
      writeFileSync(join(repo, 'policies/db.yaml'), DENY_DB);
      const run = runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD', '--format', 'json'], repo);
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(json(run.stdout).expectations, [{ id: 'web-reaches-db', before: 'passed', after: 'failed' }]);
      const text = runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD'], repo);
      assert.match(
        text.stdout,
        /\nExpectations: 2 evaluated in both versions, 1 changed status:\n {2}passed -> failed {2}shop\/web\[Deployment\] → shop\/db\[Deployment\] allowed 5432\/TCP {2}tests\/netpol-expectations\.yaml:6\n {6}shop\/web\[Deployment\] cannot reach shop\/db\[Deployment\]/,
      );
      assert.equal(runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD', '--fail-on', 'none'], repo).status, 0);
      assert.equal(runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD', '--fail-on', 'opened'], repo).status, 0);
      // Given with --expectations, outside the paths: the same.
      const given = runNetpol(
        ['diff', 'apps', 'policies', '--base', 'HEAD', '--expectations', 'tests', '--format', 'json'],
        repo,
      );
      assert.equal(given.status, 1);
      assert.equal(json(given.stdout).expectations.length, 1);
      const sarif = JSON.parse(
        runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD', '--format', 'sarif'], repo).stdout,
      );
      const broken = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'NPD004');
      assert.equal(broken.level, 'error');
      assert.deepEqual(broken.relatedLocations[0].physicalLocation.artifactLocation, {
        uri: 'tests/netpol-expectations.yaml',
        uriBaseId: '%SRCROOT%',
      });
      assert.deepEqual(broken.partialFingerprints, { 'netpolDiff/v1': 'NPD004:web-reaches-db' });
      // Without the change, nothing flips.
      writeFileSync(join(repo, 'policies/db.yaml'), ALLOW_WEB);
      const clean = runNetpol(['diff', 'apps', 'policies', 'tests', '--base', 'HEAD'], repo);
      assert.equal(clean.status, 0);
      assert.match(clean.stdout, /Expectations: 2 evaluated in both versions, none changed status\./);
    } finally {
      removeWorkspace(repo);
    }
  });

  it('usage errors exit 2: no --base, a bad ref, not a git repository, a bad --fail-on or --format', () => {
    const noBase = runNetpol(['diff'], repo);
    assert.equal(noBase.status, 2);
    assert.match(noBase.stderr, /--base DIR\|REF is required/);
    const badRef = runNetpol(['diff', '--base', 'no-such-ref'], repo);
    assert.equal(badRef.status, 2);
    assert.match(badRef.stderr, /--base no-such-ref: not a directory, and not a commit of the git repository at /);
    assert.equal(badRef.stdout, '');
    const outside = workspace({ 'a.yaml': APPS });
    try {
      const notGit = runNetpol(['diff', '--base', 'HEAD~1'], outside);
      assert.equal(notGit.status, 2);
      assert.match(notGit.stderr, /is not in a git repository to read it as a ref/);
    } finally {
      removeWorkspace(outside);
    }
    assert.equal(runNetpol(['diff', '--base', 'HEAD', '--fail-on', 'everything'], repo).status, 2);
    assert.equal(runNetpol(['diff', '--base', 'HEAD', '--fail-on', 'none,opened'], repo).status, 2);
    assert.equal(runNetpol(['diff', '--base', 'HEAD', '--format', 'xml'], repo).status, 2);
  });

  it('a policy that does not parse in the head: its changes are unknown, never opened or closed, and said', () => {
    const broken = repository({ 'apps/apps.yaml': APPS, 'policies/db.yaml': ALLOW_WEB }, {});
    try {
      writeFileSync(join(broken, 'policies/db.yaml'), `${ALLOW_WEB}  bad: [unclosed\n`);
      const run = runNetpol(['diff', '--base', 'HEAD', '--format', 'json', '--fail-on', 'unknown'], broken);
      assert.equal(run.status, 1);
      const document = json(run.stdout);
      assert.ok(document.summary.unknown > 0);
      assert.equal(document.summary.opened + document.summary.closed, 0);
      assert.match(run.stderr, /netpol: not decided: policies\/db\.yaml: /);
      const text = runNetpol(['diff', '--base', 'HEAD'], broken).stdout;
      assert.match(text, /\nUnknown \(\d+\)\n/);
      assert.match(text, /\nNot decided \(a version could not be analysed honestly\):\n {2}policies\/db\.yaml:\d+: /);
    } finally {
      removeWorkspace(broken);
    }
  });

  it('-k DIR against a git ref renders the kustomization of that commit', () => {
    const kustomization = 'resources: [apps.yaml, db.yaml]\n';
    const built = repository(
      { 'k/kustomization.yaml': kustomization, 'k/apps.yaml': APPS, 'k/db.yaml': DENY_DB },
      { 'k/db.yaml': ALLOW_WEB },
    );
    try {
      const run = runNetpol(['diff', '-k', 'k', '--base', 'HEAD~1', '--format', 'json'], built);
      assert.equal(run.status, 0, run.stderr);
      const document = json(run.stdout);
      assert.deepEqual(
        document.changes.map((c) => [c.kind, c.from, c.to, c.causes.map((cause) => cause.file)]),
        [['opened', WEB, DB, ['k/db.yaml']]],
      );
    } finally {
      removeWorkspace(built);
    }
  });
});
