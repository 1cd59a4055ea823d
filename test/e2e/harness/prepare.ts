// What every editor tier needs first: the production bundles, the packaged .vsix, the bundled suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer';

function step(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** Builds and packages the extension exactly as `npm run package` does; returns the .vsix path. */
export function packageExtension(): string {
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  step('npm', ['run', '--silent', 'package']);
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);
  return vsix;
}

/** The bundled suite's entry points, one per window the runners open. */
export interface SuiteEntries {
  /** Tests that need an empty window (activation on opening a YAML file). */
  emptyWindow: string;
  /** Tests of the example workspace, opened as the folder. */
  examples: string;
  /** Tests of rendering, on the kustomize overlays fixture opened as the folder. */
  kustomize: string;
}

/** Bundles test/e2e/suite into out/e2e/suite; returns the paths of its index.js files. */
export function buildSuite(): SuiteEntries {
  step(process.execPath, ['scripts/build-e2e.mjs']);
  return {
    emptyWindow: join(repoRoot, 'out/e2e/suite/empty-window/index.js'),
    examples: join(repoRoot, 'out/e2e/suite/index.js'),
    kustomize: join(repoRoot, 'out/e2e/suite/kustomize/index.js'),
  };
}
