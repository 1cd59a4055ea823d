// `netpol check` output formats and exit codes, through the bundled CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CLI_PATH,
  CONFIG_MAP,
  REMOVED_API_POLICY,
  VALID_POLICY,
  ensureBuilt,
  removeWorkspace,
  runNetpol,
  workspace,
} from './cliHarness';
import { sarifProblems } from './sarifShape';

const DUPLICATE_LABEL = VALID_POLICY.replace(
  '  name: allow-frontend\n  namespace: shop\n',
  '  name: labelled\n  namespace: shop\n  labels:\n    team: a\n    team: b\n',
);
const SYNTAX_ERROR = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: broken\n';

describe('netpol check: text output', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'policies/old.yaml': REMOVED_API_POLICY,
      'policies/labels.yaml': DUPLICATE_LABEL,
      'policies/good.yaml': VALID_POLICY,
    });
  });
  after(() => removeWorkspace(root));

  it('prints path:line:col: severity CODE message with 1-based positions, in path order', () => {
    const run = runNetpol(['check', 'policies'], root);
    assert.equal(
      run.stdout,
      [
        // NP0005 at the second "team" key: line 7 (1-based), column 5.
        'policies/labels.yaml:7:5: warning NP0005 Duplicate key "team": this value is ignored, kubectl keeps only the last one.',
        'policies/old.yaml:1:13: error NP1701 NetworkPolicy is not served as extensions/v1beta1: use apiVersion networking.k8s.io/v1.',
        '',
      ].join('\n'),
    );
  });

  it('puts the summary on stderr and exits 1 when there is an error', () => {
    const run = runNetpol(['check', 'policies'], root);
    assert.equal(run.stderr, '1 error, 1 warning in 2 files (3 analysed)\n');
    assert.equal(run.status, 1);
  });

  it('exits 0 when there are only warnings', () => {
    const run = runNetpol(['check', 'policies/labels.yaml'], root);
    assert.equal(run.status, 0);
    assert.equal(run.stderr, '0 errors, 1 warning in 1 file (1 analysed)\n');
  });

  it('exits 0 with nothing on stdout for a valid policy and for files without NetworkPolicies', () => {
    const dir = workspace({ 'good.yaml': VALID_POLICY, 'config.yaml': CONFIG_MAP, 'ci.yml': 'on: push\njobs: {}\n' });
    try {
      const run = runNetpol(['check', '.'], dir);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, '0 errors, 0 warnings in 0 files (3 analysed)\n');
      assert.equal(run.status, 0);
    } finally {
      removeWorkspace(dir);
    }
  });

  it('reports a YAML syntax error (NP0001) where the parser stops', () => {
    const dir = workspace({ 'broken.yaml': SYNTAX_ERROR });
    try {
      const run = runNetpol(['check', 'broken.yaml'], dir);
      assert.match(run.stdout, /^broken\.yaml:\d+:\d+: error NP0001 YAML syntax error: /);
      assert.equal(run.status, 1);
    } finally {
      removeWorkspace(dir);
    }
  });

  it('stops quietly with its exit code when the reader closes the pipe early (netpol check . | head -1)', async () => {
    const many = workspace(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`p${i}.yaml`, REMOVED_API_POLICY])));
    try {
      const child = spawn(process.execPath, [CLI_PATH, 'check', '.'], { cwd: many });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.stdout.once('data', () => child.stdout.destroy());
      const status = await new Promise((resolve) => child.on('close', resolve));
      assert.doesNotMatch(stderr, /EPIPE|Error/);
      assert.equal(status, 1);
    } finally {
      removeWorkspace(many);
    }
  });

  it('prints no colour codes when stdout is not a terminal', () => {
    const run = runNetpol(['check', 'policies'], root);
    // An ANSI escape sequence starts with ESC [.
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(run.stdout + run.stderr, /\x1b\[/);
  });
});

describe('netpol check --format json', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({ 'a/old.yaml': REMOVED_API_POLICY, 'a/labels.yaml': DUPLICATE_LABEL });
  });
  after(() => removeWorkspace(root));

  it('prints exactly {"diagnostics":[...],"analysedFiles":n,"notAnalysed":[...],"helmCharts":[...]} with the documented keys and 1-based positions, nothing else on stdout', () => {
    const run = runNetpol(['check', 'a', '--format', 'json'], root);
    assert.deepEqual(JSON.parse(run.stdout), {
      diagnostics: [
        {
          file: 'a/labels.yaml',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 9,
          severity: 'warning',
          code: 'NP0005',
          message: 'Duplicate key "team": this value is ignored, kubectl keeps only the last one.',
        },
        {
          file: 'a/old.yaml',
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 31,
          severity: 'error',
          code: 'NP1701',
          message: 'NetworkPolicy is not served as extensions/v1beta1: use apiVersion networking.k8s.io/v1.',
        },
      ],
      analysedFiles: 2,
      notAnalysed: [],
      helmCharts: [],
    });
    assert.deepEqual(Object.keys(JSON.parse(run.stdout).diagnostics[0]), [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'severity',
      'code',
      'message',
    ]);
    assert.equal(run.status, 1);
  });

  it('prints an empty list and exits 0 when all is well', () => {
    const dir = workspace({ 'ok.yaml': VALID_POLICY });
    try {
      const run = runNetpol(['check', 'ok.yaml', '--format', 'json'], dir);
      assert.deepEqual(JSON.parse(run.stdout), { diagnostics: [], analysedFiles: 1, notAnalysed: [], helmCharts: [] });
      assert.equal(run.stderr, '');
      assert.equal(run.status, 0);
    } finally {
      removeWorkspace(dir);
    }
  });
});

describe('netpol check --format sarif', () => {
  let root: string;
  let log: any;
  before(() => {
    ensureBuilt();
    root = workspace({ 'deploy/net policies/old.yaml': REMOVED_API_POLICY, 'deploy/labels.yaml': DUPLICATE_LABEL });
    const run = runNetpol(['check', 'deploy', '--format', 'sarif'], root);
    assert.equal(run.status, 1);
    log = JSON.parse(run.stdout);
  });
  after(() => removeWorkspace(root));

  it('has the structure SARIF 2.1.0 requires', () => {
    assert.deepEqual(sarifProblems(log), []);
  });

  it('names the tool netpol with the package version and one rule per catalogue code', () => {
    const { name, version, informationUri, rules } = log.runs[0].tool.driver;
    assert.equal(name, 'netpol');
    assert.equal(version, JSON.parse(readFileSync('package.json', 'utf8')).version);
    assert.match(informationUri, /^https:\/\//);
    const np1701 = rules.find((rule: any) => rule.id === 'NP1701');
    assert.equal(np1701.shortDescription.text, 'API version not served');
    assert.match(np1701.fullDescription.text, /extensions\/v1beta1 was removed/);
    assert.equal(np1701.defaultConfiguration.level, 'error');
    assert.equal(rules.find((rule: any) => rule.id === 'NP0005').defaultConfiguration.level, 'warning');
  });

  it('gives each result a level, message and a %SRCROOT%-relative, URI-encoded location with a 1-based region', () => {
    const results = log.runs[0].results.map((result: any) => ({
      ruleId: result.ruleId,
      level: result.level,
      artifact: result.locations[0].physicalLocation.artifactLocation,
      region: result.locations[0].physicalLocation.region,
    }));
    assert.deepEqual(results, [
      {
        ruleId: 'NP0005',
        level: 'warning',
        artifact: { uri: 'deploy/labels.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 7, startColumn: 5, endLine: 7, endColumn: 9 },
      },
      {
        ruleId: 'NP1701',
        level: 'error',
        artifact: { uri: 'deploy/net%20policies/old.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 1, startColumn: 13, endLine: 1, endColumn: 31 },
      },
    ]);
    assert.match(log.runs[0].results[1].message.text, /^NetworkPolicy is not served as extensions\/v1beta1/);
  });
});
