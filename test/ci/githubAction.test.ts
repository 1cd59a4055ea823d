// action.yml, the composite GitHub Action: its inputs are the ones its steps use, and its
// "Run netpol" step, run as the runner runs it (the step's env with `${{ inputs.* }}`,
// `${{ github.action_path }}` and `${{ runner.temp }}` put in, $GITHUB_OUTPUT and
// $GITHUB_STEP_SUMMARY as files), on a real git repository whose head commit opens a connection
// an expectation denies. Composite actions: https://docs.github.com/en/actions/sharing-automations/creating-actions/metadata-syntax-for-github-actions#runs-for-composite-actions
// Step outputs and job summaries: https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { deployment, documents, namespace, policy } from '../builders';
import { ensureBuilt } from '../cli/cliHarness';

const repositoryRoot = resolve(__dirname, '..', '..');
const actionText = readFileSync(join(repositoryRoot, 'action.yml'), 'utf8');

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const action = parse(actionText) as Action;
const runStep = action.runs.steps.find((step) => step.id === 'run')!;

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', ['-c', 'user.name=netpol test', '-c', 'user.email=netpol@example.invalid', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The step's environment as the runner makes it: expressions of inputs, the action's path and the runner's temp folder replaced. */
function stepEnvironment(inputs: Record<string, string>, runnerTemp: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) values[name] = inputs[name] ?? input.default ?? '';
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(runStep.env ?? {}))
    env[key] = value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expression: string) => {
      if (expression === 'github.action_path') return repositoryRoot;
      if (expression === 'runner.temp') return runnerTemp;
      const input = /^inputs\.([\w-]+)$/.exec(expression);
      assert.ok(input, `the test does not know the expression ${expression}`);
      return values[input[1]];
    });
  return env;
}

const expectations = `apiVersion: netpol-navigator.dev/v1alpha1
kind: ReachabilityExpectations
metadata:
  name: shop
spec:
  expectations:
    - name: nothing but web reaches the database
      from: {namespace: shop, except: ["shop/web[Deployment]"]}
      to: shop/db[Deployment]
      expect: denied
`;
/** The database's ingress policy, allowing port 5432 from the shop pods whose labels match `matchLabels` (`{}`: every one). */
const dbIngress = (matchLabels: string): string =>
  policy(
    'shop/db-ingress',
    `podSelector:\n  matchLabels: {app: db}\ningress:\n- from:\n  - podSelector:\n      matchLabels: ${matchLabels}\n  ports:\n  - port: 5432`,
  );

describe('the GitHub Action (action.yml)', () => {
  let repo = '';
  let runnerTemp = '';

  before(() => {
    ensureBuilt();
    const scratch = mkdtempSync(join(tmpdir(), 'netpol-action-'));
    repo = join(scratch, 'repo');
    runnerTemp = join(scratch, 'runner-temp');
    mkdirSync(repo);
    mkdirSync(runnerTemp);
    git(['init', '-q'], repo);
    writeFiles(repo, {
      'apps/shop.yaml': documents(
        namespace('shop'),
        deployment('shop/web', { app: 'web' }),
        deployment('shop/batch', { app: 'batch' }),
        deployment('shop/db', { app: 'db' }, ['pg:5432']),
      ),
      'policies/db.yaml': dbIngress('{app: web}'),
      'tests/netpol-expectations.yaml': expectations,
    });
    git(['add', '-A'], repo);
    git(['commit', '-q', '-m', 'base: only web reaches the database'], repo);
    writeFiles(repo, { 'policies/db.yaml': dbIngress('{}') });
    git(['commit', '-q', '-am', 'head: every shop pod reaches the database'], repo);
  });

  after(() => rmSync(dirname(repo), { recursive: true, force: true }));

  it('declares every input its steps use, and its run step passes each NETPOL_* variable the script reads', () => {
    assert.equal(action.runs.using, 'composite');
    for (const [, name] of actionText.matchAll(/inputs\.([\w-]+)/g))
      assert.ok(name in action.inputs, `inputs.${name} is used but not declared`);
    const script = readFileSync(join(repositoryRoot, 'scripts', 'github-action.sh'), 'utf8');
    for (const [variable] of script.matchAll(/NETPOL_[A-Z_]+/g))
      assert.ok(variable in (runStep.env ?? {}), `${variable} is read by the script but not set by the step`);
    assert.match(runStep.run ?? '', /scripts\/github-action\.sh/);
  });

  it('on a pull request whose head breaks an expectation: check passes, test and diff fail, three SARIF files and a job summary', () => {
    const outputFile = join(runnerTemp, 'output');
    const summaryFile = join(runnerTemp, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const base = git(['rev-parse', 'HEAD~1'], repo).trim();
    const run = spawnSync('bash', [join(repositoryRoot, 'scripts', 'github-action.sh')], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...stepEnvironment({ base }, runnerTemp),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
      },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    const outputs = Object.fromEntries(
      readFileSync(outputFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    assert.equal(outputs.failed, 'test diff');
    for (const step of ['check', 'test', 'diff']) {
      const sarif = JSON.parse(readFileSync(outputs[`${step}-sarif`], 'utf8')) as {
        version: string;
        runs: Array<{ results: Array<{ ruleId: string }> }>;
      };
      assert.equal(sarif.version, '2.1.0', step);
      assert.equal(sarif.runs.length, 1, step);
    }
    const ruleIds = (step: string): string[] =>
      (
        JSON.parse(readFileSync(outputs[`${step}-sarif`], 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> }
      ).runs[0].results.map((r) => r.ruleId);
    assert.deepEqual(ruleIds('check'), []);
    assert.deepEqual(ruleIds('test'), ['NPT002']);
    assert.ok(ruleIds('diff').includes('NPD004'), ruleIds('diff').join(', '));
    const summary = readFileSync(summaryFile, 'utf8');
    assert.match(summary, /### netpol check/);
    assert.match(summary, /nothing but web reaches the database/);
    assert.match(summary, /shop\/batch\[Deployment\]/);
  });

  it('without a base (a push, not a pull request) the diff step is left out', () => {
    const outputFile = join(runnerTemp, 'output-push');
    writeFileSync(outputFile, '');
    const run = spawnSync('bash', [join(repositoryRoot, 'scripts', 'github-action.sh')], {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...stepEnvironment({ base: '' }, runnerTemp),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary-push.md'),
      },
    });
    assert.equal(run.status, 0, run.stderr);
    const outputs = readFileSync(outputFile, 'utf8');
    assert.doesNotMatch(outputs, /diff-sarif=/);
    assert.match(outputs, /^failed=test$/m);
  });
});
