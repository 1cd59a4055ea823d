// UI smoke tests: what a person sees in a real VS Code (code-server + Chromium) with the
// packaged extension installed and examples/ (a temp copy) opened as the folder. Run by
// `npm run test:ui` (scripts/test-e2e-ui.ts), which packages the .vsix and fetches code-server.
// The steps share one workbench and run in order, as a person would go.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { goToLine, hoverText, hoverWord, quickOpen, runCommand } from './workbench-helpers';

describe('the workbench on the example workspace, as a person sees it', { timeout: 180_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    workbench = await startWorkbench();
    page = workbench.page;
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens the example folder and asks whether to trust its authors', async () => {
    await openAndTrust(workbench);
  });

  it('hovering a podSelector value shows the workloads it selects, and a CodeLens counts them', async () => {
    await quickOpen(page, 'shop/policies.yaml');
    await goToLine(page, 99); // backend-to-redis: spec.podSelector.matchLabels tier: backend
    // The lenses come with the workspace scan and move the lines: hover once they are there.
    await page.locator('.codelens-decoration', { hasText: 'selects 3 workloads · egress to 1' }).first().waitFor();
    // Rendered editor lines use no-break spaces: \s matches them, ' ' does not.
    const text = await hoverWord(page, /^\s*tier:\s+backend$/, 'backend', 'shop/legacy-worker');
    assert.match(text, /Applies to pods labelled tier=backend in this policy's namespace shop/);
    assert.match(text, /3 workloads:/);
    for (const workload of [
      'shop/cart (Deployment, 2 replicas)',
      'shop/db-migrate (Job)',
      'shop/legacy-worker (ReplicaSet, 1 replica)',
    ])
      assert.ok(text.includes(workload), `the hover does not name ${workload}:\n${text}`);
    assert.ok(!text.includes('shop/redis'), `redis is tier=data, yet the hover names it:\n${text}`);
    await workbench.shoot('selector-hover');
    await page.mouse.move(5, 5);
  });

  it('underlines an API-server error and names its code in the hover', async () => {
    await quickOpen(page, 'broken/api-errors.yaml');
    await page.locator('.codelens-decoration', { hasText: 'selects 1 workload' }).first().waitFor();
    const squiggle = page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
    await squiggle.waitFor();
    assert.match(await hoverText(page, squiggle, 'NP1302'), /must be between 1 and 65535/);
    await workbench.shoot('api-error-hover');
    await page.mouse.move(5, 5);
  });

  it('lists the findings of the broken policies with their codes and positions in the Problems panel', async () => {
    await quickOpen(page, 'broken/lint-warnings.yaml');
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor();
    await quickOpen(page, 'broken/api-errors.yaml');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    // Errors of api-errors.yaml come first, in line order: the first rows are on screen.
    for (const [code, position] of [
      ['NP1302', '[Ln 15, Col 17]'],
      ['NP1306', '[Ln 30, Col 20]'],
      ['NP1505', '[Ln 49, Col 17]'],
    ]) {
      const row = rows.filter({ hasText: code }).first();
      await row.waitFor();
      assert.ok((await row.innerText()).includes(position), `the ${code} row is not at ${position}: ${await row.innerText()}`);
    }
    // Both files are listed, with their counts (the panel maximised: the files with errors, expectations included, come first).
    await runCommand(page, 'View: Toggle Maximized Panel');
    await rows.filter({ hasText: 'api-errors.yaml' }).filter({ hasText: '6' }).first().waitFor();
    await rows.filter({ hasText: 'lint-warnings.yaml' }).filter({ hasText: '17' }).first().waitFor();
    await workbench.shoot('problems-panel');
    await runCommand(page, 'View: Toggle Maximized Panel');
  });

  it('runs "NetworkPolicy: Show Output" from the command palette and shows the extension\'s log', async () => {
    await runCommand(page, 'NetworkPolicy: Show Output');
    // The output view is labelled "<channel> - Output"; the language client's channel is named after the extension.
    const output = page.locator('.output-view[aria-label^="NetworkPolicy Navigator"]');
    const toast = page.locator('.notifications-toasts .notification-list-item-message');
    await output.or(toast).first().waitFor();
    assert.ok(await output.isVisible(), `no output view; the workbench said: ${(await toast.allInnerTexts()).join(' | ')}`);
    await output
      .locator('.view-line', { hasText: /Extension\sactivated\sin\s[\d.]+\sms/ })
      .first()
      .waitFor();
    await workbench.shoot('show-output');
  });
});
