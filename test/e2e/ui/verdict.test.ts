// UI test of Check Connection's verdict panel on the example workspace, as a person uses it:
// the source pre-filled from the cursor, the destination typed as a ref, the panel beside the
// editor with both sides and their links, Swap and Change Port in the panel, each verdict
// announced (allowed: information, denied: warning), and one panel for every check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { goToLine, openQuickInput, quickOpen } from './workbench-helpers';

describe('the verdict panel in the workbench, as a person sees it', { timeout: 180_000 }, () => {
  let workbench: Workbench;
  let page: Page;
  /** The page of the verdict panel: a webview is an iframe holding the extension's page in an inner iframe. */
  let panel: FrameLocator;
  const title = () => page.locator('.quick-input-widget .quick-input-title');
  const focusedRow = (text: string) => page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: text });
  /** The toast announcing a verdict, and its severity icon. */
  const toast = (text: string) => page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();

  before(async () => {
    workbench = await startWorkbench();
    page = workbench.page;
    await openAndTrust(workbench);
    panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  });

  after(async () => {
    await workbench?.close();
  });

  it('source from the cursor, destination typed as shop/cart: the panel shows both sides allowed, with their rules', async () => {
    await quickOpen(page, 'shop/workloads.yaml');
    await goToLine(page, 5); // metadata.name: frontend
    const input = await openQuickInput(page, 'Control+Shift+P');
    await input.fill('>NetworkPolicy: Check Connection');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Check Connection' }).first().waitFor();
    await page.keyboard.press('Enter');
    await title().filter({ hasText: 'source (1/3)' }).waitFor();
    // Pre-filled: the workload at the cursor is the first choice.
    await focusedRow('shop/frontend[Deployment]').waitFor();
    await page.keyboard.press('Enter');
    await title().filter({ hasText: 'destination of shop/frontend[Deployment] (2/3)' }).waitFor();
    await input.fill('shop/cart');
    await focusedRow('shop/cart[Deployment]').waitFor();
    await page.keyboard.press('Enter');
    await title().filter({ hasText: '(3/3)' }).waitFor();
    await page.keyboard.press('Enter'); // any port

    const allowed = toast('Allowed: shop/frontend[Deployment] → shop/cart[Deployment] (any port): TCP 50051.');
    await allowed.waitFor();
    assert.equal(
      await allowed.locator('.notification-list-item-icon.codicon-info').count(),
      1,
      'an allowed verdict is information',
    );

    await panel.locator('.verdict', { hasText: /^ALLOWED$/ }).waitFor();
    const egress = panel.locator('section.side[aria-label^="Source egress of shop/frontend[Deployment]"]');
    const ingress = panel.locator('section.side[aria-label^="Destination ingress of shop/cart[Deployment]"]');
    assert.match(
      await egress.innerText(),
      /ALLOWED[\s\S]*Allowed by\s+shop\/frontend-to-cart egress rule #0: .*shop\/policies\.yaml:63/,
    );
    assert.match(await ingress.innerText(), /ALLOWED[\s\S]*shop\/cart-from-frontend ingress rule #0: .*shop\/policies\.yaml:83/);
    assert.doesNotMatch(await panel.locator('body').innerText(), /\\\[/, 'no escaped Markdown');
    await page.locator('.tab', { hasText: 'frontend → cart' }).waitFor();
    // The side bar closed (Ctrl+B), so that the panel has room for its two sides.
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await workbench.shoot('verdict-panel');
  });

  it('a rule link opens its file at the line', async () => {
    await panel.locator('section.side[aria-label^="Destination ingress"] a.where', { hasText: 'shop/policies.yaml:83' }).click();
    await page.locator('.tab.active', { hasText: 'policies.yaml' }).waitFor();
    await page.locator('[id="status.editor.selection"]', { hasText: /Ln 83,/ }).waitFor();
  });

  it('Swap checks cart -> frontend in the same panel: denied, announced as a warning', async () => {
    await panel.getByRole('button', { name: /Swap/ }).click();
    await panel.locator('.verdict', { hasText: /^DENIED$/ }).waitFor();
    const denied = toast('Denied: shop/cart[Deployment] → shop/frontend[Deployment] (any port).');
    await denied.waitFor();
    assert.equal(
      await denied.locator('.notification-list-item-icon.codicon-warning').count(),
      1,
      'a denied verdict is a warning',
    );
    await page.locator('.tab', { hasText: 'cart → frontend' }).waitFor();
    assert.equal(await page.locator('.tab', { hasText: '→' }).count(), 1, 'one verdict panel');
  });

  it('Change Port… asks for the port and checks again in the same panel', async () => {
    await panel.getByRole('button', { name: /Change Port/ }).click();
    await title().filter({ hasText: 'shop/cart[Deployment] → shop/frontend[Deployment] (3/3)' }).waitFor();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('8080/TCP');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await panel.locator('.ends', { hasText: 'port 8080/TCP' }).waitFor();
    assert.equal(await page.locator('.tab', { hasText: '→' }).count(), 1, 'one verdict panel');
  });
});
