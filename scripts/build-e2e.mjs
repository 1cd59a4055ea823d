// Bundles the in-editor suite (test/e2e/suite) into out/e2e/suite/, keeping its folders: one
// index.js per window the runners open (index.js: the example workspace; empty-window/index.js:
// no folder; kustomize/index.js: the kustomize overlays fixture) plus one file per *.test.ts beside it, which that index.js hands to mocha.
// `vscode` comes from the extension host; mocha is loaded from node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const suite = 'test/e2e/suite';
const outdir = 'out/e2e/suite';
const windows = [suite, `${suite}/empty-window`, `${suite}/kustomize`];
const entryPoints = windows.flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => `${dir}/${name}`),
);

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  outbase: suite,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
