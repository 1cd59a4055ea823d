// `npm run test:e2e`: the in-editor mocha suite against the PACKAGED extension, in a real
// VS Code (code-server, fetched by scripts/install-code-server.sh) driven by Debian's Chromium.
// The .vsix is installed into a fresh extensions dir; the workbench payload then names that
// installed directory as the development extension, so the instance under test is the packaged
// one (the suite asserts its path), and names the bundled suite as the tests to run.
// Three windows, one after the other: an EMPTY window (activation on opening a YAML file), a
// temp copy of examples/ opened as the folder (every editor feature on the README's workspace),
// then a temp copy of the kustomize overlays fixture (rendering, analysis contexts).
// Fails when anything fails, including an editor that does not start. Last line: `N passed, N failed`.
import { format } from 'node:util';
import type { ConsoleMessage } from 'playwright-core';
import { launchChromium, type Browser } from '../test/e2e/harness/browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from '../test/e2e/harness/codeServer';
import { copyExamples, copyWorkspace, KUSTOMIZE_CONTEXTS, type ExampleWorkspace } from '../test/e2e/harness/exampleWorkspace';
import { buildSuite, packageExtension } from '../test/e2e/harness/prepare';
import { finishWithTally, type Tally } from '../test/e2e/harness/tally';

const RUN_TIMEOUT_MS = 5 * 60_000;
const TALLY = /\[netpol-e2e\] (\d+) passed, (\d+) failed/;
const SUITE_STARTED = '[netpol-e2e] suite started';
const verbose = process.env.NETPOL_E2E_VERBOSE === '1';

interface Session {
  name: string;
  /** The folder to open, or none for an empty window. */
  folder?: string;
  suite: string;
}

async function main(): Promise<Tally> {
  const entry = ensureCodeServer();
  const vsix = packageExtension();
  const suite = buildSuite();

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let examples: ExampleWorkspace | undefined;
  let kustomize: ExampleWorkspace | undefined;
  try {
    server = await startCodeServer({
      entry,
      vsix,
      // The in-editor tests are not about workspace trust (the UI tests are): no modal on the example folder.
      settings: { 'security.workspace.trust.enabled': false },
      log: verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
    });
    console.log(`code-server on ${server.origin}; extension under test: ${server.extensionPath}`);
    browser = await launchChromium();
    examples = copyExamples();
    kustomize = copyWorkspace(KUSTOMIZE_CONTEXTS);
    const sessions: Session[] = [
      { name: 'empty window', suite: suite.emptyWindow },
      { name: `examples workspace (copy in ${examples.path})`, folder: examples.path, suite: suite.examples },
      { name: `kustomize workspace (copy in ${kustomize.path})`, folder: kustomize.path, suite: suite.kustomize },
    ];
    const total: Tally = { passed: 0, failed: 0 };
    for (const session of sessions) {
      const tally = await runSession(server, browser, session);
      total.passed += tally.passed;
      total.failed += tally.failed;
    }
    return total;
  } finally {
    await browser?.close();
    await server?.stop();
    examples?.remove();
    kustomize?.remove();
  }
}

/** Opens one workbench window that runs one suite entry point; resolves with that suite's tally. */
async function runSession(server: CodeServer, browser: Browser, session: Session): Promise<Tally> {
  console.log(`\n== ${session.name}`);
  const page = await browser.context.newPage();
  try {
    let tally: Tally | undefined;
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
        folder: session.folder,
        payload: [
          ['extensionDevelopmentPath', server.remoteUri(server.extensionPath)],
          ['extensionTestsPath', server.remoteUri(session.suite)],
        ],
      }),
    );
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS));
    const code = await Promise.race([exited, timeout]);
    await printing;
    if (code === 'timeout')
      throw new Error(`${session.name}: the editor did not finish the suite within ${RUN_TIMEOUT_MS / 1000} s`);
    console.log(`${session.name}: suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s with exit code ${code}`);
    if (!tally)
      throw new Error(
        `${session.name}: the editor exited (${code}) without running the suite; errors it logged:\n${errors.slice(-20).join('\n')}`,
      );
    if (code !== 0 && tally.failed === 0) return { passed: tally.passed, failed: 1 };
    return tally;
  } finally {
    await page.close().catch(() => {});
  }
}

async function formatConsoleMessage(message: ConsoleMessage): Promise<string> {
  // A handle that cannot be serialised prints as Playwright's own preview of it (JSHandle.toString).
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  const args: unknown[] = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => arg.toString())));
  const [first, second] = args;
  const hostLog =
    typeof first === 'string' && first.startsWith('%c') && typeof second === 'string' && second.startsWith('color:');
  const rest = hostLog ? args.slice(2) : args;
  const level = hostLog ? first.slice(2).trim() : '';
  const text = rest.length > 0 ? format(...rest) : message.text();
  return level === 'ERR' ? `ERROR ${text}` : text;
}

finishWithTally(main());
