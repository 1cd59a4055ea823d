// UI smoke tests of reachability: the Reachability view in the NetworkPolicy activity-bar
// container and "Check Connection…" from the command palette, on the example workspace.
// Needs the server side of the netpol/* requests (the reachability engine).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { goToLine, openQuickInput, quickOpen, resizeSideBar, runCommand } from './workbench-helpers';

const VIEW = '[id="workbench.view.extension.netpol"]';

describe('reachability in the workbench, as a person sees it', { timeout: 180_000 }, () => {
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    workbench = await startWorkbench();
    page = workbench.page;
    await openAndTrust(workbench);
  });

  after(async () => {
    await workbench?.close();
  });

  it('the NetworkPolicy activity-bar container lists the namespaces of the workspace', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="NetworkPolicy"]').click();
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    // A row's text is its label then its description, e.g. "shop5 workloads · 1 not isolated".
    for (const [namespace, workloads] of [
      ['batch', 3],
      ['default', 1],
      ['ingress-nginx', 1],
      ['kube-system', 2],
    ] as const) {
      await rows
        .filter({ hasText: new RegExp(`^${namespace}\\s*${workloads} workloads?( · \\d+ not isolated)?$`) })
        .first()
        .waitFor();
    }
    // The policies left out come first, then the namespaces in natural order. The namespaces show from the
    // index at once; the left-out group comes with the analysis, so the first row is awaited, not read once.
    const leftOut = /^Left out of the analysis\s*7 policies$/;
    await rows.first().filter({ hasText: leftOut }).waitFor();
    assert.match(await rows.first().innerText(), leftOut);
  });

  it('"Show Reachability of Workload at Cursor" on frontend reveals it: it can reach cart on TCP 50051', async () => {
    await quickOpen(page, 'shop/workloads.yaml');
    await goToLine(page, 5); // metadata.name: frontend
    await runCommand(page, 'NetworkPolicy: Show Reachability of Workload at Cursor');
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    // Revealed: selected and expanded.
    await page
      .locator(`${VIEW} .monaco-list-row[aria-selected="true"][aria-expanded="true"]`, { hasText: /^frontend/ })
      .waitFor();
    await rows.filter({ hasText: 'Can reach' }).first().waitFor();
    const cart = rows.filter({ hasText: /^cart\s*TCP 50051$/ }).first();
    await cart.waitFor();
    await rows
      .filter({ hasText: /^kube-system\/coredns\s*TCP 53; UDP 53$/ })
      .first()
      .waitFor();
    await resizeSideBar(page, 520);
    await workbench.shoot('reachability-view');
  });

  it('"NetworkPolicy: Check Connection…" from the palette: frontend -> cart on 50051 is allowed', async () => {
    const title = page.locator('.quick-input-widget .quick-input-title');
    const input = await openQuickInput(page, 'Control+Shift+P');
    await input.fill('>NetworkPolicy: Check Connection');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Check Connection' }).first().waitFor();
    await page.keyboard.press('Enter');
    for (const [step, typed] of [
      ['source (1/3)', 'frontend'],
      ['destination of shop/frontend[Deployment] (2/3)', 'cart'],
    ]) {
      await title.filter({ hasText: step }).waitFor();
      await input.fill(typed);
      await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: typed }).waitFor();
      await page.keyboard.press('Enter');
    }
    await title.filter({ hasText: '(3/3)' }).waitFor();
    await input.fill('50051');
    await page.keyboard.press('Enter');
    const toast = page
      .locator('.notifications-toasts .notification-list-item-message', { hasText: 'shop/cart[Deployment]' })
      .first();
    await toast.waitFor();
    assert.match(await toast.innerText(), /^Allowed: shop\/frontend\[Deployment\] → shop\/cart\[Deployment\] \(port 50051\)/);
    await workbench.shoot('check-connection');
  });
});
