// One workbench for a UI test file: code-server with the packaged extension, Debian's Chromium,
// and a temp copy of examples/ (the workspace README's pictures show) or of another folder
// opened as the folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../harness/browser';
import { repoRoot, startCodeServer, type CodeServer } from '../harness/codeServer';
import { copyWorkspace, EXAMPLES, type ExampleWorkspace } from '../harness/exampleWorkspace';

const UI_TIMEOUT_MS = 30_000;
export const SCREENSHOTS = join(repoRoot, 'test-results/screenshots');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests with npm run test:ui`);
  return value;
}

export interface Workbench {
  page: Page;
  /** The workbench URL that opens the workspace's copy. */
  url: string;
  /** Saves test-results/screenshots/<name>.png (the README's pictures are picked from there). */
  shoot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** `source`: the folder whose copy is opened, examples/ unless said; `settings`: user settings on top of the harness's. */
export async function startWorkbench(source = EXAMPLES, settings: Record<string, unknown> = {}): Promise<Workbench> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let examples: ExampleWorkspace | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    examples?.remove();
  };
  try {
    examples = copyWorkspace(source);
    server = await startCodeServer({ entry: required('NETPOL_CODE_SERVER_ENTRY'), vsix: required('NETPOL_VSIX'), settings });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    return {
      page,
      url: server.url({ folder: examples.path }),
      shoot: async (name) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the workbench on the folder and answers the workspace trust prompt as a person would. */
export async function openAndTrust(workbench: Workbench): Promise<void> {
  const { page } = workbench;
  await page.goto(workbench.url);
  await page.locator('.monaco-workbench').waitFor();
  const trust = page.getByRole('button', { name: /Yes, I trust the authors/ });
  await trust.waitFor();
  await trust.click();
  await trust.waitFor({ state: 'detached' });
}
