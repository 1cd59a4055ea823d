// Which files `netpol check` reads, and what it says about files it cannot analyse, through the bundled CLI.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REMOVED_API_POLICY, VALID_POLICY, ensureBuilt, removeWorkspace, runNetpol, workspace, type Entry } from './cliHarness';

/** The files the JSON output names, in output order. */
function reportedFiles(args: string[], cwd: string): string[] {
  const run = runNetpol(['check', ...args, '--format', 'json'], cwd);
  return JSON.parse(run.stdout).diagnostics.map((d: { file: string; code: string }) => `${d.file} ${d.code}`);
}

function withWorkspace(entries: Record<string, Entry>, test: (root: string) => void): void {
  const root = workspace(entries);
  try {
    test(root);
  } finally {
    removeWorkspace(root);
  }
}

describe('netpol check: directory walking', () => {
  let root: string;
  before(() => {
    ensureBuilt();
    root = workspace({
      'k8s/b.yaml': REMOVED_API_POLICY,
      'k8s/a.yml': REMOVED_API_POLICY,
      'k8s/nested/deeper/c.json': JSON.stringify({
        apiVersion: 'extensions/v1beta1',
        kind: 'NetworkPolicy',
        metadata: { name: 'c' },
        spec: {},
      }),
      'k8s/nested/Z.YAML': REMOVED_API_POLICY,
      'k8s/node_modules/pkg/d.yaml': REMOVED_API_POLICY,
      'k8s/.git/e.yaml': REMOVED_API_POLICY,
      'k8s/notes.txt': REMOVED_API_POLICY,
      'k8s/policy.yaml.bak': REMOVED_API_POLICY,
      'k8s/nested/loop': { symlinkTo: '..' },
      'shared/f.yaml': REMOVED_API_POLICY,
      'k8s/link-to-shared': { symlinkTo: '../shared' },
    });
  });
  after(() => removeWorkspace(root));

  it('walks nested directories in sorted order, skips node_modules and .git, ignores other extensions', () => {
    assert.deepEqual(reportedFiles(['k8s'], root), [
      'k8s/a.yml NP1701',
      'k8s/b.yaml NP1701',
      'k8s/link-to-shared/f.yaml NP1701',
      'k8s/nested/Z.YAML NP1701',
      'k8s/nested/deeper/c.json NP1701',
    ]);
  });

  // kustomize reads kustomization.yaml, kustomization.yml or Kustomization; its namespace transformer
  // sets the namespace of every resource listed (kubectl.docs.kubernetes.io kustomization/namespace).
  it("reads kustomize's extension-less Kustomization file in a directory: its namespace applies (netpol reach)", () => {
    const deployment =
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {metadata: {labels: {app: web}}}}\n';
    const refs = (dir: string) =>
      JSON.parse(runNetpol(['reach', dir, '--format', 'json'], dir).stdout).workloads.map((w: { ref: string }) => w.ref);
    withWorkspace({ 'app/web.yaml': deployment, 'app/Kustomization': 'namespace: shop\nresources: [web.yaml]\n' }, (dir) => {
      assert.deepEqual(refs(dir), ['shop/web[Deployment]']);
    });
    withWorkspace({ 'app/web.yaml': deployment, 'app/kustomization': 'namespace: shop\nresources: [web.yaml]\n' }, (dir) => {
      assert.deepEqual(refs(dir), ['default/web[Deployment]'], 'kustomize matches the name case-sensitively');
    });
  });

  it('does not walk a symlinked directory that leads back into the walk (nested/loop -> ..) and lists no file twice', () => {
    const files = reportedFiles(['k8s', 'k8s/a.yml'], root);
    assert.equal(new Set(files).size, files.length);
    assert.ok(!files.some((file) => file.includes('loop')));
  });

  it('reads files named explicitly whatever their extension, in command-line order', () => {
    assert.deepEqual(reportedFiles(['k8s/policy.yaml.bak', 'k8s/notes.txt'], root), [
      'k8s/policy.yaml.bak NP1701',
      'k8s/notes.txt NP1701',
    ]);
  });

  it('prints paths as given: absolute stays absolute, ./ is dropped', () => {
    assert.deepEqual(reportedFiles([join(root, 'k8s', 'a.yml'), './k8s/b.yaml'], root), [
      `${join(root, 'k8s', 'a.yml')} NP1701`,
      'k8s/b.yaml NP1701',
    ]);
  });

  it('is a usage error (exit 2) when a path does not exist, and reads nothing', () => {
    const run = runNetpol(['check', 'k8s', 'missing.yaml'], root);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^netpol: missing\.yaml: no such file or directory\n/);
  });
});

describe('netpol check: files it cannot analyse', () => {
  before(ensureBuilt);

  it('skips a binary file with a notice on stderr and a machine-readable NP0003 warning', () => {
    withWorkspace(
      {
        'bin.yaml': new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x01]),
        'latin1.yaml': new Uint8Array([0x6b, 0x3a, 0x20, 0xe9, 0x0a]),
      },
      (root) => {
        const text = runNetpol(['check', '.'], root);
        assert.equal(text.stdout, '');
        assert.equal(
          text.stderr,
          'netpol: not analysed: bin.yaml: binary file (contains NUL bytes)\nnetpol: not analysed: latin1.yaml: not UTF-8 text\nnetpol: nothing analysed: none of the 2 files collected could be analysed\n0 errors, 2 warnings in 2 files (0 analysed, 2 not analysed)\n',
        );
        assert.equal(text.status, 0);
        const json = runNetpol(['check', '.', '--format', 'json'], root);
        assert.deepEqual(
          JSON.parse(json.stdout).diagnostics.map((d: any) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`),
          ['bin.yaml:1:1 warning NP0003', 'latin1.yaml:1:1 warning NP0003'],
        );
      },
    );
  });

  // Tests run as root, and chmod 000 does not stop root from reading. A file that exists but cannot be read
  // even by root: a symbolic link to itself (ELOOP) and a FIFO (not a regular file: reading it would block).
  it('reports an unreadable file as error NP0006 and goes on with the others', () => {
    withWorkspace({ 'a-loop.yaml': { symlinkTo: 'a-loop.yaml' }, 'z-old.yaml': REMOVED_API_POLICY }, (root) => {
      execFileSync('mkfifo', [join(root, 'm-pipe.yaml')]);
      const run = runNetpol(['check', '.'], root);
      const lines = run.stdout.trimEnd().split('\n');
      assert.match(lines[0], /^a-loop\.yaml:1:1: error NP0006 File could not be read: ELOOP/);
      assert.equal(
        lines[1],
        'm-pipe.yaml:1:1: error NP0006 File could not be read: it is not a regular file (a FIFO, socket or device)',
      );
      assert.match(lines[2], /^z-old\.yaml:1:13: error NP1701 /);
      assert.equal(run.status, 1);
    });
  });

  it('a dangling symlink, named explicitly, is a notice and not an error (exit 0), nor a usage error', () => {
    withWorkspace({ 'gone.yaml': { symlinkTo: 'nowhere.yaml' } }, (root) => {
      const run = runNetpol(['check', 'gone.yaml'], root);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^netpol: not analysed: gone\.yaml: a symbolic link to nowhere\.yaml, which does not exist\n/);
      assert.equal(run.status, 0);
    });
  });

  it('refuses a file over --max-file-size with warning NP0002 and checks the rest', () => {
    withWorkspace({ 'big.yaml': VALID_POLICY + `# ${'x'.repeat(500)}\n`, 'small.yaml': REMOVED_API_POLICY }, (root) => {
      const run = runNetpol(['check', '.', '--max-file-size', '400'], root);
      assert.match(run.stdout, /^big\.yaml:1:1: warning NP0002 File not analysed: \d+ bytes is more than the limit of 400 /);
      assert.match(run.stdout, /\nsmall\.yaml:1:13: error NP1701 /);
    });
  });

  // A sparse 3 GiB file costs no disk. Reading it into memory would fail (Node refuses buffers over 2 GiB,
  // which would surface as NP0006); NP0002 proves the size was checked with stat before any read.
  it('checks the size before reading, so a 3 GiB file is refused without being read', () => {
    withWorkspace({}, (root) => {
      const huge = join(root, 'huge.yaml');
      writeFileSync(huge, '');
      truncateSync(huge, 3 * 1024 ** 3);
      const run = runNetpol(['check', 'huge.yaml', '--format', 'json'], root);
      assert.deepEqual(
        JSON.parse(run.stdout).diagnostics.map((d: any) => d.code),
        ['NP0002'],
      );
      assert.equal(run.status, 0);
    });
  });

  it('refuses a document that expands too many aliases (NP0004) and still reads the next document', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
    ].join('\n');
    const text = `kind: NetworkPolicy\n${bomb}\n---\n${REMOVED_API_POLICY}`;
    withWorkspace({ 'bomb.yaml': text }, (root) => {
      assert.deepEqual(reportedFiles(['bomb.yaml'], root), ['bomb.yaml NP0004', 'bomb.yaml NP1701']);
    });
  });

  it('checks an empty directory as zero files, says that nothing was analysed, and exits 0', () => {
    withWorkspace({}, (root) => {
      mkdirSync(join(root, 'empty'));
      const run = runNetpol(['check', 'empty'], root);
      assert.equal(
        run.stderr,
        'netpol: nothing analysed: no .yaml, .yml, .json or Kustomization file in the paths given\n0 errors, 0 warnings in 0 files (0 analysed)\n',
      );
      assert.equal(run.status, 0);
    });
  });
});
