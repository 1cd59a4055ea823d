// `npm run test:e2e`: the in-editor mocha suite against the PACKAGED extension, in a real
// VS Code (code-server, fetched by scripts/install-code-server.sh) driven by Debian's Chromium.
// The .vsix is installed into a fresh extensions dir; the workbench payload then names that
// installed directory as the development extension, so the instance under test is the packaged
// one (the suite asserts its path), and names the bundled suite as the tests to run.
// Fails when anything fails, including an editor that does not start. Last line: `N passed, N failed`.
import { format } from 'node:util';
import type { ConsoleMessage } from 'playwright-core';
import { launchChromium, type Browser } from '../test/e2e/harness/browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from '../test/e2e/harness/codeServer';
import { buildSuite, packageExtension } from '../test/e2e/harness/prepare';
import { finishWithTally } from '../test/e2e/harness/tally';

const RUN_TIMEOUT_MS = 5 * 60_000;
const TALLY = /\[netpol-e2e\] (\d+) passed, (\d+) failed/;
const SUITE_STARTED = '[netpol-e2e] suite started';

async function main(): Promise<{ passed: number; failed: number }> {
  const entry = ensureCodeServer();
  const vsix = packageExtension();
  const suite = buildSuite();
  const verbose = process.env.NETPOL_E2E_VERBOSE === '1';

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ entry, vsix, log: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined });
    console.log(`code-server on ${server.origin}; extension under test: ${server.extensionPath}`);
    browser = await launchChromium();
    const page = await browser.context.newPage();

    let tally: { passed: number; failed: number } | undefined;
    let reportExit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // The extension host's console arrives as `console.log('%c INFO', 'color: …', format, ...args)`;
    // messages are formatted in order, and only the suite's own output (between its markers) is relayed.
    let relaying = verbose;
    let printing = Promise.resolve();
    const errors: string[] = [];
    page.on('console', (message) => {
      printing = printing.then(async () => {
        const text = await formatConsoleMessage(message);
        if (text.startsWith('ERROR ') && !relaying) errors.push(text);
        if (text.includes(SUITE_STARTED)) relaying = true;
        const match = TALLY.exec(text);
        if (match) tally = { passed: Number(match[1]), failed: Number(match[2]) };
        if (relaying) console.log(text);
        if (match && !verbose) relaying = false;
      });
    });
    page.on('pageerror', (error) => console.error(`[workbench] ${error.message}`));

    const started = Date.now();
    await page.goto(
      server.url({
        payload: [
          ['extensionDevelopmentPath', server.remoteUri(server.extensionPath)],
          ['extensionTestsPath', server.remoteUri(suite)],
        ],
      }),
    );
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS));
    const code = await Promise.race([exited, timeout]);
    await printing;
    if (code === 'timeout') throw new Error(`the editor did not finish the suite within ${RUN_TIMEOUT_MS / 1000} s`);
    console.log(`suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s with exit code ${code}`);
    if (!tally) throw new Error(`the editor exited (${code}) without running the suite; errors it logged:\n${errors.slice(-20).join('\n')}`);
    if (code !== 0 && tally.failed === 0) return { passed: tally.passed, failed: 1 };
    return tally;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

async function formatConsoleMessage(message: ConsoleMessage): Promise<string> {
  const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => arg.toString())));
  const [first, second] = args;
  const hostLog = typeof first === 'string' && first.startsWith('%c') && typeof second === 'string' && second.startsWith('color:');
  const rest = hostLog ? args.slice(2) : args;
  const level = hostLog ? first.slice(2).trim() : '';
  const text = rest.length > 0 ? format(...rest) : message.text();
  return level === 'ERR' ? `ERROR ${text}` : text;
}

finishWithTally(main());
