// resolveKustomizeCommand / resolveHelmCommand: the configured command line, else the tools on a
// PATH this test controls (temporary folders holding fake executables).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveHelmCommand, resolveKustomizeCommand } from '../../server/src/render/index';

describe('which command renders', { skip: process.platform === 'win32' ? 'POSIX executables' : false }, () => {
  let root: string;
  const folder = (name: string) => join(root, name);
  const pathOf = (...names: string[]) => ({
    PATH: names.map((name) => (name.startsWith('/') ? name : folder(name))).join(delimiter),
  });

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'netpol-commands-'));
    const executable = (dir: string, name: string, mode = 0o755) => {
      mkdirSync(folder(dir), { recursive: true });
      writeFileSync(join(folder(dir), name), '#!/bin/sh\nexit 0\n');
      chmodSync(join(folder(dir), name), mode);
    };
    executable('both', 'kustomize');
    executable('both', 'kubectl');
    executable('kubectl-only', 'kubectl');
    executable('helm', 'helm');
    executable('not-executable', 'kustomize', 0o644);
    executable('not-executable', 'helm', 0o644);
    mkdirSync(folder('empty'));
    mkdirSync(join(folder('folder-named-kustomize'), 'kustomize'), { recursive: true });
    executable('with space', 'kustomize');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a configured command: a bare kustomize gets build, a bare kubectl gets kustomize, anything else is split on spaces as it is', () => {
    const env = pathOf('empty');
    assert.deepEqual(resolveKustomizeCommand('kustomize', env), ['kustomize', 'build']);
    assert.deepEqual(resolveKustomizeCommand('/opt/bin/kustomize', env), ['/opt/bin/kustomize', 'build']);
    assert.deepEqual(resolveKustomizeCommand('kubectl', env), ['kubectl', 'kustomize']);
    assert.deepEqual(resolveKustomizeCommand('/usr/local/bin/kubectl', env), ['/usr/local/bin/kubectl', 'kustomize']);
    assert.deepEqual(resolveKustomizeCommand('kubectl kustomize', env), ['kubectl', 'kustomize']);
    assert.deepEqual(resolveKustomizeCommand('  kustomize   build  ', env), ['kustomize', 'build']);
    assert.deepEqual(resolveKustomizeCommand('kustomize build --load-restrictor LoadRestrictionsNone', env), [
      'kustomize',
      'build',
      '--load-restrictor',
      'LoadRestrictionsNone',
    ]);
    assert.deepEqual(resolveKustomizeCommand('C:\\tools\\kustomize.exe', env), ['C:\\tools\\kustomize.exe', 'build']);
  });

  it('a configured absolute path with spaces that names an executable stays one word', () => {
    const program = join(folder('with space'), 'kustomize');
    assert.deepEqual(resolveKustomizeCommand(program, pathOf('empty')), [program, 'build']);
  });

  it('nothing configured (or only spaces): kustomize build when kustomize is on PATH, by its absolute path', () => {
    assert.deepEqual(resolveKustomizeCommand(undefined, pathOf('both')), [join(folder('both'), 'kustomize'), 'build']);
    assert.deepEqual(resolveKustomizeCommand('   ', pathOf('both')), [join(folder('both'), 'kustomize'), 'build']);
  });

  it('else kubectl kustomize when kubectl is; PATH order decides which folder answers', () => {
    assert.deepEqual(resolveKustomizeCommand(undefined, pathOf('kubectl-only')), [
      join(folder('kubectl-only'), 'kubectl'),
      'kustomize',
    ]);
    assert.deepEqual(resolveKustomizeCommand(undefined, pathOf('kubectl-only', 'both')), [
      join(folder('both'), 'kustomize'),
      'build',
    ]);
  });

  it('else undefined; files that are not executable, folders, relative and empty PATH entries do not count', () => {
    assert.equal(resolveKustomizeCommand(undefined, pathOf('empty')), undefined);
    assert.equal(resolveKustomizeCommand(undefined, {}), undefined);
    assert.equal(resolveKustomizeCommand(undefined, pathOf('not-executable', 'folder-named-kustomize')), undefined);
    assert.deepEqual(resolveKustomizeCommand(undefined, pathOf('not-executable', 'kubectl-only')), [
      join(folder('kubectl-only'), 'kubectl'),
      'kustomize',
    ]);
    const cwd = process.cwd();
    try {
      process.chdir(folder('both'));
      assert.equal(resolveKustomizeCommand(undefined, { PATH: ['.', '', 'both'].join(delimiter) }), undefined);
    } finally {
      process.chdir(cwd);
    }
  });

  it('helm: the configured command split on spaces, else helm on PATH by its absolute path, else undefined', () => {
    assert.deepEqual(resolveHelmCommand('helm', pathOf('empty')), ['helm']);
    assert.deepEqual(resolveHelmCommand('/opt/helm/helm --debug', pathOf('empty')), ['/opt/helm/helm', '--debug']);
    assert.deepEqual(resolveHelmCommand(undefined, pathOf('empty', 'helm')), [join(folder('helm'), 'helm')]);
    assert.deepEqual(resolveHelmCommand('', pathOf('helm')), [join(folder('helm'), 'helm')]);
    assert.equal(resolveHelmCommand(undefined, pathOf('empty', 'not-executable')), undefined);
  });
});
