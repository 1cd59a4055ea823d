// UI test of the live what-if: text typed into a policy (not saved) that lets a pod of another
// namespace into cart shows in the status bar and in the Reachability Changes view, with the
// rule that causes it. Screenshot `reachability-changes`. Run by `npm run test:ui -- whatIf`.
// Kubernetes semantics relied on (concepts/services-networking/network-policies): items of one
// `from` list are ORed; a namespaceSelector alone admits every pod of the namespaces it selects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { goToLine, quickOpen, resizeSideBar, runCommand } from './workbench-helpers';

const CONTAINER = '[id="workbench.view.extension.netpol"]';
/** Inserted before line 87 of shop/policies.yaml (`      ports:` of cart-from-frontend): a second peer of its ingress rule. */
const ADMIT_DEFAULT =
  '        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: default\n';

describe('the live what-if in the workbench', { timeout: 180_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    // code-server is a web build of VS Code, whose default saves edits after a second: the edit must stay unsaved.
    workbench = await startWorkbench(undefined, { 'files.autoSave': 'off' });
    page = workbench.page;
    await openAndTrust(workbench);
  });

  after(async () => {
    await workbench?.close();
  });

  it('an unsaved edit that opens default/debug-shell -> shop/cart shows in the status bar and the Reachability Changes view', async () => {
    await quickOpen(page, 'shop/policies.yaml');
    await goToLine(page, 87);
    // Pasted, as a person would add lines: typed, they would take the editor's auto-indentation on top of their own.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(workbench.url).origin });
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(ADMIT_DEFAULT)})`);
    await page.keyboard.press('Control+V');
    const editor = page.locator('.editor-group-container.active .monaco-editor');
    await editor.locator('.view-line', { hasText: 'kubernetes.io/metadata.name: default' }).first().waitFor();

    const status = page.locator('.statusbar-item', { hasText: 'Reach Δ vs saved: +1' });
    try {
      await status.waitFor();
    } catch (error) {
      const lines = await editor.locator('.view-line').allInnerTexts();
      const items = await page.locator('.statusbar-item').allInnerTexts();
      const tabs = await page.locator('.tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('class')));
      await workbench.shoot('what-if-failure');
      await runCommand(page, 'NetworkPolicy: Show Output');
      await page.waitForTimeout(2000);
      const output = await page.locator('.part.panel .view-lines').allInnerTexts();
      console.log(`tabs: ${JSON.stringify(tabs)}\noutput:\n${output.join('\n')}`);
      throw new Error(`no what-if in the status bar: ${JSON.stringify(items)}; editor: ${JSON.stringify(lines)}`, {
        cause: error,
      });
    }
    // The item leads to the view.
    await status.click();
    const pane = page.locator(`${CONTAINER} .pane`, { has: page.locator('.pane-header', { hasText: 'Reachability Changes' }) });
    const rows = pane.locator('.monaco-list-row');
    try {
      await rows.filter({ hasText: /^Opened\s*1$/ }).waitFor();
    } catch (error) {
      const shown = await page.locator(`${CONTAINER} .monaco-list-row`).allInnerTexts();
      const headers = await page.locator(`${CONTAINER} .pane-header`).allInnerTexts();
      await workbench.shoot('what-if-failure');
      throw new Error(`no Opened row: headers ${JSON.stringify(headers)}, rows ${JSON.stringify(shown)}`, { cause: error });
    }
    await rows.filter({ hasText: /^shop\/cart-from-frontend ingress\[0\]\s*shop\/policies\.yaml:83$/ }).waitFor();
    const pair = rows.filter({ hasText: /^default\/debug-shell → shop\/cart\s*\+TCP 50051$/ });
    await pair.waitFor();
    await pair.click();
    await rows.filter({ hasText: /^now · ingress: shop\/cart-from-frontend ingress\[0\]/ }).waitFor();
    assert.equal(await rows.count(), 4);
    // The Reachability view above gives the changes room.
    const reachabilityHeader = page
      .locator(`${CONTAINER} .pane-header`, { hasText: 'Reachability' })
      .filter({ hasNotText: 'Changes' });
    if ((await reachabilityHeader.getAttribute('aria-expanded')) === 'true') await reachabilityHeader.click();
    await resizeSideBar(page, 560);
    await workbench.shoot('reachability-changes');
  });
});
