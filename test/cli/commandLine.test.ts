// The command line itself: help, version, usage errors (exit 2), through the bundled CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CLI_PATH, REMOVED_API_POLICY, VALID_POLICY, ensureBuilt, removeWorkspace, runNetpol, workspace } from './cliHarness';

describe('netpol command line', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({ 'ok.yaml': VALID_POLICY, 'old.yaml': REMOVED_API_POLICY });
  });
  after(() => removeWorkspace(root));

  // README's first command is `npm ci && npx netpol reach examples/`: npx runs the package's own
  // bin file directly, so the build must leave it executable (its shebang names node).
  it('the built dist/cli.js is executable and runs by itself, as npx netpol runs it', () => {
    accessSync(CLI_PATH, constants.X_OK);
    const run = spawnSync(CLI_PATH, ['--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
  });

  it('--help lists the commands and exits 0', () => {
    const run = runNetpol(['--help'], root);
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^usage: netpol <command> \[options\]/);
    assert.match(run.stdout, /\n {2}check +validate NetworkPolicy manifests/);
    assert.match(run.stdout, /\n {2}reach +/);
    assert.match(run.stdout, /\n {2}explain +/);
  });

  it('check --help (and help check) explains the options and exit codes', () => {
    for (const args of [
      ['check', '--help'],
      ['check', '-h'],
      ['help', 'check'],
      ['check', '--format', 'xml', '--help'],
    ]) {
      const run = runNetpol(args, root);
      assert.equal(run.status, 0, args.join(' '));
      assert.match(run.stdout, /^usage: netpol check \[<file\|dir>\.\.\.\] \[-k DIR\]\.\.\. \[--helm CHART\]\.\.\. \[options\]/);
      for (const option of [
        '--format text|json|sarif',
        '--kubernetes-version',
        '--max-file-size BYTES',
        '--no-color',
        'Exit status: 0',
      ])
        assert.ok(run.stdout.includes(option), option);
    }
  });

  it('--version prints the version of package.json', () => {
    const run = runNetpol(['--version'], root);
    assert.equal(run.stdout, `${JSON.parse(readFileSync('package.json', 'utf8')).version}\n`);
    assert.equal(run.status, 0);
  });

  it('accepts --kubernetes-version in the forms 1.35, v1.35 and 1.35.2', () => {
    for (const version of ['1.35', 'v1.35', '1.35.2']) {
      const run = runNetpol(['check', 'ok.yaml', '--kubernetes-version', version], root);
      assert.equal(run.status, 0, `${version}: ${run.stderr}`);
    }
  });

  // The rules modelled are those of 1.33 (kubernetes-validation-rules.md §4.4: earlier releases
  // validated ipBlock CIDRs with other code) to 1.36 (the reference data's release).
  it('accepts --kubernetes-version 1.33 and 1.36, the ends of the modelled range', () => {
    for (const version of ['1.33', '1.36', 'v1.33.4']) {
      const run = runNetpol(['check', 'ok.yaml', '--kubernetes-version', version], root);
      assert.equal(run.status, 0, `${version}: ${run.stderr}`);
    }
  });

  for (const version of ['0.1', '3.0', '1.32', '1.37', '1.15']) {
    it(`refuses --kubernetes-version ${version}, whose rules are not modelled, with exit 2 and the supported range`, () => {
      const run = runNetpol(['check', 'old.yaml', '--kubernetes-version', version], root);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        new RegExp(
          `^netpol: --kubernetes-version ${version.replace('.', '\\.')} is not supported: the rules of Kubernetes 1\\.33 to 1\\.36 are modelled\n`,
        ),
      );
    });
  }

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['no command', [], /^usage: netpol <command>/],
    [
      'an unknown command',
      ['lint', 'ok.yaml'],
      /^netpol: unknown command 'lint' \(commands: check, reach, explain, test, diff\)\nRun 'netpol --help' for usage\.\n$/,
    ],
    ['an option before the command', ['--format', 'json'], /^netpol: unknown option '--format'/],
    [
      'an unknown option',
      ['check', 'ok.yaml', '--strict'],
      /^netpol: Unknown option '--strict'.*\nRun 'netpol check --help' for usage\.\n$/s,
    ],
    ['an option without its value', ['check', 'ok.yaml', '--format'], /^netpol: Option '--format <value>' argument missing/],
    ['no paths', ['check'], /^netpol: no files, directories or builds \(-k DIR, --helm CHART\) to check\n/],
    [
      'an unknown format',
      ['check', 'ok.yaml', '--format', 'xml'],
      /^netpol: --format must be one of text, json, sarif, not "xml"\n/,
    ],
    [
      'an invalid Kubernetes version',
      ['check', 'ok.yaml', '--kubernetes-version', 'latest'],
      /^netpol: --kubernetes-version must look like 1\.36, not "latest"\n/,
    ],
    [
      'a size that is not a positive number',
      ['check', 'ok.yaml', '--max-file-size', '5MB'],
      /^netpol: --max-file-size must be a positive number of bytes, not "5MB"\n/,
    ],
    [
      'a size of zero',
      ['check', 'ok.yaml', '--max-file-size', '0'],
      /^netpol: --max-file-size must be a positive number of bytes/,
    ],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`exits 2 with a message on stderr and nothing on stdout for ${what}`, () => {
      const run = runNetpol(args, root);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    });
  }

  it('checks nothing when the command line is wrong, even if the files have errors', () => {
    const run = runNetpol(['check', 'old.yaml', '--kubernetes-version', '1'], root);
    assert.equal(run.status, 2);
    assert.doesNotMatch(run.stderr + run.stdout, /NP1701/);
  });
});
