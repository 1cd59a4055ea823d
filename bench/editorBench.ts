// The editor as a person meets it on the 5,000-workload workspace (`npm run bench -- --editor`):
// the packaged extension in code-server, driven by Debian's Chromium (the harness of the UI
// tests, test/e2e/harness), a fresh editor per run. Times are taken in the page, each wait
// polling at every animation frame, so they hold what the workbench shows, not the polling.
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/harness/browser';
import { ensureCodeServer, startCodeServer } from '../test/e2e/harness/codeServer';
import { packageExtension } from '../test/e2e/harness/prepare';
import { goToLine, openQuickInput } from '../test/e2e/ui/workbench-helpers';
import { writeWorkspaceToDisk } from './lspWorkspaceOnDisk';
import { median, report } from './stats';
import type { SyntheticWorkspace } from './syntheticWorkspace';

const RUNS = Number(process.env.NETPOL_BENCH_EDITOR_RUNS ?? 3);
const VIEW = '[id="workbench.view.extension.netpol"]';
/** The line of team-020/policies.yaml that reads `tier: frontend` (the peer of frontend-to-backend). */
const FRONTEND_PEER_LINE = 40;
/** An edit the view has not shown by then is reported as a failure, with the rows it shows. */
const EDIT_TIMEOUT_MS = 30_000;
/** A folder to keep each run's logs in, with the server's debug log and the LSP messages traced: for finding where the time goes. */
const KEEP_LOGS = process.env.NETPOL_BENCH_EDITOR_LOGS;

interface RunFigures {
  namespacesMs: number;
  /** From the workbench ready to the extension host's start, and to the extension's activation (its log). */
  hostStartedMs: number;
  activatedMs: number;
  canReachMs: number;
  editMs: number;
  scans: number;
}

export async function benchEditor(synthetic: SyntheticWorkspace): Promise<string[]> {
  const entry = ensureCodeServer();
  const vsix = packageExtension();
  const runs: RunFigures[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh copy each time: an editor may save the edit (auto save), and the next run must start from the generated text.
    const disk = writeWorkspaceToDisk(synthetic);
    try {
      runs.push(await oneRun(entry, vsix, fileURLToPath(disk.folderUri), KEEP_LOGS && join(KEEP_LOGS, `run-${run + 1}`)));
    } finally {
      disk.remove();
    }
  }
  const figure = (pick: (run: RunFigures) => number) => median(runs.map(pick));
  const each = (pick: (run: RunFigures) => number) => `  (runs: ${runs.map((run) => Math.round(pick(run))).join(', ')})`;
  return [
    `the editor: code-server + Chromium on ${synthetic.workloads.toLocaleString('en')} workloads, median of ${RUNS} fresh editors`,
    report(
      'workbench ready -> namespaces shown in the view',
      figure((r) => r.namespacesMs),
      3000,
    ) + each((r) => r.namespacesMs),
    `    of which code-server's: extension host started ${figure((r) => r.hostStartedMs)} ms, extension activated ${figure((r) => r.activatedMs)} ms after the workbench; ours: activation -> namespaces shown ${figure((r) => r.namespacesMs - r.activatedMs)} ms` +
      each((r) => r.namespacesMs - r.activatedMs),
    report(
      'first "Can reach" expansion',
      figure((r) => r.canReachMs),
      200,
    ) + each((r) => r.canReachMs),
    report(
      'unsaved edit -> view updated',
      figure((r) => r.editMs),
      500,
    ) + each((r) => r.editMs),
    `  scans of the folder at start-up (the output log's "Indexed" lines): ${runs.map((r) => r.scans).join(', ')}${runs.every((r) => r.scans === 1) ? ' ✓' : ' ✗ (more than one)'}`,
  ];
}

async function oneRun(entry: string, vsix: string, folder: string, keepLogs: string | undefined): Promise<RunFigures> {
  const server = await startCodeServer({
    entry,
    vsix,
    ...(keepLogs && { settings: { 'netpol.log.level': 'debug', 'netpol.trace.server': 'messages' } }),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(120_000);
    await page.goto(server.url({ folder }));
    await page.locator('.monaco-workbench').waitFor();
    const ready = Date.now();
    // The trust prompt, answered as soon as it shows; the extension runs (limited) before that already.
    const trust = page.getByRole('button', { name: /Yes, I trust the authors/ });
    await trust.click();
    await page.locator('.activitybar .action-item a[aria-label^="NetworkPolicy"]').click();
    const { at: namespacesShown } = await waitForRow(page, '^team-000\\s*25 workloads');
    const namespacesMs = namespacesShown - ready;

    await clickRow(page, '^team-001\\s*25 workloads');
    await waitForRow(page, '^api-0\\s*\\d+ in · \\d+ out$');
    await recordInputTimes(page);
    await page
      .locator(`${VIEW} .monaco-list-row`)
      .filter({ hasText: /^api-0\s*\d+ in · \d+ out$/ })
      .first()
      .locator('.monaco-tl-twistie')
      .click();
    const { at: canReachShown } = await waitForRow(page, '^Can reach');
    const expand = await lastInputTime(page);
    const canReachMs = canReachShown - expand;

    await page.locator('.part.sidebar a.action-label[aria-label^="Collapse All"]:visible').first().click();
    await page
      .locator(`${VIEW} .monaco-list-row`)
      .filter({ hasText: /^team-020\s*25 workloads/ })
      .first()
      .locator('.monaco-tl-twistie')
      .click();
    // The row's text is the label and the description run together: `api-09 in · 9 out`.
    const before = /^api-0\s*(\d+) in/.exec((await waitForRow(page, '^api-0\\s*\\d+ in · \\d+ out$')).text)![1];
    const input = await openQuickInput(page, 'Control+P');
    await input.fill('team-020/policies.yaml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'policies.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'policies.yaml' }).waitFor();
    await goToLine(page, FRONTEND_PEER_LINE);
    await page.keyboard.press('End');
    // `tier: frontendx` selects no pod: the frontends of team-020 no longer reach api-0.
    await page.keyboard.type('x');
    const { at: updated } = await waitForRow(page, `^api-0\\s*(?!${before} in)\\d+ in · \\d+ out$`, EDIT_TIMEOUT_MS);
    // The last key that went down is the `x`.
    const edit = await lastInputTime(page);
    const editMs = updated - edit;
    if (keepLogs) {
      const at = (ms: number) => new Date(ms).toISOString();
      mkdirSync(keepLogs, { recursive: true });
      writeFileSync(
        join(keepLogs, 'timeline.txt'),
        [
          `${at(ready)} workbench ready`,
          `${at(ready + namespacesMs)} namespaces shown`,
          `${at(expand)} "Can reach" expanded`,
          `${at(expand + canReachMs)} "Can reach" shown`,
          `${at(edit)} edit typed`,
          `${at(edit + editMs)} view updated`,
          '',
        ].join('\n'),
      );
    }
    const host = hostTimes(server.userDataDir);
    return {
      namespacesMs,
      hostStartedMs: host.started - ready,
      activatedMs: host.activated - ready,
      canReachMs,
      editMs,
      scans: scansLogged(server.userDataDir),
    };
  } finally {
    if (keepLogs) cpSync(join(server.userDataDir, 'logs'), keepLogs, { recursive: true });
    await browser.close();
    await server.stop();
  }
}

/**
 * Waits, checking at every frame, for a row of the view whose text matches; returns that text and the
 * page's clock when the row was seen (not when the automation heard of it).
 */
async function waitForRow(page: Page, pattern: string, timeout?: number): Promise<{ text: string; at: number }> {
  const handle = await page
    .waitForFunction(
      ({ selector, source }) => {
        const regex = new RegExp(source);
        // The page's DOM, typed loosely: the project compiles without the DOM library.
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ innerText: string }> } })
          .document;
        for (const row of Array.from(doc.querySelectorAll(selector)))
          if (regex.test(row.innerText.trim())) return { text: row.innerText.trim(), at: Date.now() };
        return false;
      },
      { selector: `${VIEW} .monaco-list-row`, source: pattern },
      { polling: 'raf', ...(timeout !== undefined && { timeout }) },
    )
    .catch(async (error: unknown) => {
      const rows = await page.locator(`${VIEW} .monaco-list-row`).allInnerTexts();
      await page.screenshot({ path: join(tmpdir(), 'netpol-editor-bench-failure.png') });
      throw new Error(`no row of the view matches /${pattern}/; rows: ${JSON.stringify(rows)}; screenshot in ${tmpdir()}`, {
        cause: error,
      });
    });
  return (await handle.jsonValue()) as { text: string; at: number };
}

/**
 * From now on the page notes when the last mouse button or key went down: a time is taken from the
 * user's input as the workbench received it, without the automation's own steps before the click
 * (finding the element, waiting for it to hold still).
 */
async function recordInputTimes(page: Page): Promise<void> {
  // A string: tsx would wrap a named function in a helper the page does not have.
  await page.evaluate(`if (globalThis.netpolLastInput === undefined) {
    globalThis.netpolLastInput = 0;
    for (const type of ['mousedown', 'keydown']) addEventListener(type, () => (globalThis.netpolLastInput = Date.now()), true);
  }`);
}

async function lastInputTime(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as { netpolLastInput: number }).netpolLastInput);
}

async function clickRow(page: Page, pattern: string): Promise<void> {
  await waitForRow(page, pattern);
  await page
    .locator(`${VIEW} .monaco-list-row`)
    .filter({ hasText: new RegExp(pattern) })
    .first()
    .click();
}

/**
 * When the extension host started and activated this extension, from its log (local time, to the
 * millisecond): what of "namespaces shown" happens before any of our code runs.
 */
function hostTimes(userDataDir: string): { started: number; activated: number } {
  const log = logFiles(join(userDataDir, 'logs'))
    .filter((path) => path.endsWith('remoteexthost.log'))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
  const at = (pattern: RegExp): number => {
    const stamp = pattern.exec(log)?.[1];
    if (!stamp) throw new Error(`the extension host log has no line matching ${pattern}`);
    return new Date(stamp.replace(' ', 'T')).getTime();
  };
  return {
    started: at(/^(\S+ \S+) \[info\] Extension host with pid \d+ started/m),
    activated: at(/^(\S+ \S+) \[info\] ExtensionService#_doActivateExtension netpol-navigator\.netpol-navigator/m),
  };
}

function logFiles(path: string): string[] {
  return readdirSync(path).flatMap((name) => {
    const child = join(path, name);
    return statSync(child).isDirectory() ? logFiles(child) : [child];
  });
}

/** How many times the server logged indexing the folder, in the output channels code-server keeps on disk. */
function scansLogged(userDataDir: string): number {
  return logFiles(join(userDataDir, 'logs'))
    .filter((path) => path.endsWith('.log'))
    .flatMap((path) => readFileSync(path, 'utf8').split('\n'))
    .filter((line) => /Indexed \d+ manifest file\(s\)/.test(line)).length;
}
