// Bundles the three entry points (client, server, CLI) into dist/.
// Usage: node esbuild.mjs [--production] [--watch]
import { chmodSync, existsSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
};

// `npx netpol` (package.json `bin`) runs dist/cli.js itself: esbuild writes it 0644, and
// npm marks a bin executable only when linking an installed package, not the project's own.
const executable = {
  name: 'executable',
  setup(build) {
    build.onEnd(() => {
      if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
    });
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [executable],
  },
];

if (watch) {
  for (const options of builds) {
    const context = await esbuild.context(options);
    await context.watch();
  }
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
