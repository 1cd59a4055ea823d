// `npm run test:ui`: Playwright UI smoke tests (test/e2e/ui) against the PACKAGED extension in
// code-server, driven by Debian's Chromium. Fetches code-server and packages the .vsix first.
// Screenshots go to test-results/screenshots/. Last line: `N passed, N failed`.
// `npm run test:ui -- reachability` runs only the files whose name contains one of the words given.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { ensureCodeServer, repoRoot } from '../test/e2e/harness/codeServer';
import { packageExtension } from '../test/e2e/harness/prepare';
import { finishWithTally } from '../test/e2e/harness/tally';

async function main(): Promise<{ passed: number; failed: number }> {
  process.env.NETPOL_CODE_SERVER_ENTRY = ensureCodeServer();
  process.env.NETPOL_VSIX = packageExtension();
  const dir = join(repoRoot, 'test/e2e/ui');
  const only = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts') && (only.length === 0 || only.some((word) => name.includes(word))))
    .map((name) => join(dir, name));
  if (files.length === 0) throw new Error(`no UI tests in ${dir}${only.length > 0 ? ` matching ${only.join(', ')}` : ''}`);

  let passed = 0;
  let failed = 0;
  // Serial: each file drives its own code-server and browser; two at once would only compete for 2 cores.
  const stream = run({ files, concurrency: 1, execArgv: ['--import', 'tsx'] } as Parameters<typeof run>[0]);
  stream.on('test:pass', (event) => {
    if (event.details.type !== 'suite') passed += 1;
  });
  stream.on('test:fail', (event) => {
    // A suite fails for its failed tests (counted already) or for itself, e.g. in a before() hook.
    const ownFailure = (event.details.error as { failureType?: string } | undefined)?.failureType !== 'subtestsFailed';
    if (event.details.type !== 'suite' || ownFailure) failed += 1;
  });
  await new Promise<void>((resolve, reject) => {
    const output: Readable = stream.compose<Readable>(new spec());
    output.on('data', (chunk: string | Buffer) => process.stdout.write(chunk));
    output.on('end', resolve);
    output.on('error', reject);
  });
  return { passed, failed };
}

finishWithTally(main());
