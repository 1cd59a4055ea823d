// Bundles the in-editor suite (test/e2e/suite) into out/e2e/suite/: index.js plus one
// file per *.test.ts, which index.js hands to mocha. `vscode` comes from the extension
// host; mocha is loaded from node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const suite = 'test/e2e/suite';
const outdir = 'out/e2e/suite';
const entryPoints = readdirSync(suite)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .map((name) => `${suite}/${name}`);

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
