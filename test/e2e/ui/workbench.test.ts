// UI smoke tests: what a person sees in a real VS Code (code-server + Chromium) with the
// packaged extension installed. Run by `npm run test:ui` (scripts/test-e2e-ui.ts), which
// packages the .vsix and fetches code-server first and passes both here.
// The steps share one workbench and run in order, as a person would go.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from '../harness/browser';
import { fixtureWorkspace, repoRoot, startCodeServer, type CodeServer } from '../harness/codeServer';
import { quickOpen, runCommand } from './workbench-helpers';

const UI_TIMEOUT_MS = 30_000;
const screenshots = join(repoRoot, 'test-results/screenshots');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests with npm run test:ui`);
  return value;
}

describe('the workbench as a person sees it', { timeout: 180_000 }, () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  const shoot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`) });

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    server = await startCodeServer({ entry: required('NETPOL_CODE_SERVER_ENTRY'), vsix: required('NETPOL_VSIX') });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the fixture workspace and asks whether to trust its authors', async () => {
    await page.goto(server.url({ folder: fixtureWorkspace }));
    await page.locator('.monaco-workbench').waitFor();
    const trust = page.getByRole('button', { name: /Yes, I trust the authors/ });
    await trust.waitFor();
    await shoot('trust-prompt');
    await trust.click();
    await trust.waitFor({ state: 'detached' });
  });

  it('underlines the YAML syntax error of a NetworkPolicy opened with Quick Open', async () => {
    await quickOpen(page, 'broken-syntax.yaml');
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor();

    // The hover over the squiggle names the problem and its code.
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'NP0001' }).first();
    await hover.waitFor();
    assert.match(await hover.innerText(), /YAML syntax error/);
    await shoot('syntax-error-hover');
    await page.mouse.move(5, 5);
  });

  it('lists the problem with its code and position in the Problems panel', async () => {
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'NP0001' }).first();
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /YAML syntax error/);
    assert.match(text, /NP0001/);
    assert.match(text, /\[Ln 10, Col 12\]/);
    await shoot('problems-panel');
  });

  it('runs "NetworkPolicy: Show Output" from the command palette and shows the extension\'s output', async () => {
    await runCommand(page, 'NetworkPolicy: Show Output');
    // The output view is labelled "<channel> - Output"; the language client's channel is named after the extension.
    const output = page.locator('.output-view[aria-label^="NetworkPolicy Navigator"]');
    const toast = page.locator('.notifications-toasts .notification-list-item-message');
    await output.or(toast).first().waitFor();
    await shoot('show-output');
    assert.ok(await output.isVisible(), `no output view; the workbench said: ${await toast.allInnerTexts()}`);
  });
});
