// Shared by the rendering tests: fixture paths, the kustomize command of this machine, a private
// temporary folder (so a test can see that every wrapper kustomization was deleted), and a listing
// of a folder tree (so a test can see that nothing was written into the user's folders).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveKustomizeCommand } from '../../server/src/render/index';

export const FIXTURES = resolve(__dirname, '../fixtures');
export const KUSTOMIZE_FIXTURES = join(FIXTURES, 'render-kustomize');
export const STANDINS = join(FIXTURES, 'render-standins');
export const HELM_CHARTS = join(FIXTURES, 'helm-chart');

/** The command that runs kustomize here; these tests need the real one and fail without it. */
export function kustomizeCommand(): string[] {
  const command = resolveKustomizeCommand(undefined);
  if (command === undefined) {
    assert.fail(
      'Neither kustomize nor kubectl is on PATH: install kubectl (it has kustomize v5 built in) to run the rendering tests.',
    );
  }
  return command;
}

/**
 * Points os.tmpdir() (TMPDIR, read at each call) at a fresh folder for the tests of a file;
 * `leftovers()` lists what is still in it.
 */
export function privateTmpdir(): { leftovers: () => string[]; restore: () => void } {
  const previous = process.env.TMPDIR;
  const folder = mkdtempSync(join(tmpdir(), 'netpol-render-test-'));
  process.env.TMPDIR = folder;
  return {
    leftovers: () => readdirSync(folder),
    restore: () => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Every file and folder under `root` with its size and modification time, sorted. */
export function treeListing(root: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const stat = statSync(path);
      out.push(`${path} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}
