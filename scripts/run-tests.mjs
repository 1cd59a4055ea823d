// Runs node's test runner over the TypeScript tests (through tsx).
// Usage: node scripts/run-tests.mjs [dir-or-file ...]   (default: test/unit test/lsp test/cli test/render test/ci)
// Two files at a time: most tests wait on child processes (the language server, the CLI, kubectl, git, pre-commit).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
const targets = roots.length > 0 ? roots : ['test/unit', 'test/lsp', 'test/cli', 'test/render', 'test/ci'];

function collect(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (stat.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => collect(join(path, name)));
}

const files = targets.flatMap(collect);
if (files.length === 0) {
  console.error(`no test files under ${targets.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
