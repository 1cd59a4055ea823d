// The Reachability view on the bench's 5,000-workload workspace (bench/syntheticWorkspace.ts: 200
// namespaces × 25 workloads), as a person sees it: namespaces collapsed with their counts, the
// badge, the filter from the title bar. Three namespaces lose their policies file, so that some
// workloads are not isolated (the generated workspace isolates every workload). Times are logged
// for the README and the bench, never asserted.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { writeWorkspaceToDisk, type WorkspaceOnDisk } from '../../../bench/lspWorkspaceOnDisk';
import { generateSyntheticWorkspace } from '../../../bench/syntheticWorkspace';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { closeQuickInput, goToLine, openQuickInput, resizeSideBar, runCommand } from './workbench-helpers';

const VIEW = '[id="workbench.view.extension.netpol"]';
/** Namespaces whose policies.yaml is removed: their 75 workloads are not isolated, and open to the internet. */
const OPEN_NAMESPACES = ['team-003', 'team-010', 'team-042'];

describe('reachability on 5,000 workloads, as a person sees it', { timeout: 300_000 }, () => {
  let disk: WorkspaceOnDisk;
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    disk = writeWorkspaceToDisk(generateSyntheticWorkspace());
    const folder = fileURLToPath(disk.folderUri);
    for (const namespace of OPEN_NAMESPACES) rmSync(join(folder, namespace, 'policies.yaml'));
    workbench = await startWorkbench(folder);
    page = workbench.page;
    page.setDefaultTimeout(90_000);
    await openAndTrust(workbench);
  });

  after(async () => {
    await workbench?.close();
    disk?.remove();
  });

  it('lists 200 namespaces collapsed, in natural order, each with its counts; the badge counts the workloads not isolated', async () => {
    const started = Date.now();
    await page.locator('.activitybar .action-item a[aria-label^="NetworkPolicy"]').click();
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    await rows
      .filter({ hasText: /^team-000\s*25 workloads$/ })
      .first()
      .waitFor();
    console.log(`# trust -> namespaces shown: ${Date.now() - started} ms`);
    const first = rows.first();
    assert.equal(await first.getAttribute('aria-expanded'), 'false');
    await rows
      .filter({ hasText: /^team-003\s*25 workloads · 25 not isolated$/ })
      .first()
      .waitFor();
    // The view container's badge in the activity bar.
    const badge = page
      .locator('.activitybar .action-item', { has: page.locator('a[aria-label^="NetworkPolicy"]') })
      .locator('.badge');
    await badge.filter({ hasText: '75' }).waitFor();
    await resizeSideBar(page, 520);
    await workbench.shoot('reachability-5000');
  });

  it('opens a namespace and a workload: "Can reach" lists its peers with ports', async () => {
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    await rows
      .filter({ hasText: /^team-001\s*25 workloads/ })
      .first()
      .click();
    const api = rows.filter({ hasText: /^api-0\s*\d+ in · \d+ out$/ }).first();
    await api.waitFor();
    const started = Date.now();
    // The twistie: a click on the label opens the workload's definition.
    await api.locator('.monaco-tl-twistie').click();
    await rows
      .filter({ hasText: /^Can reach/ })
      .first()
      .waitFor();
    console.log(`# first "Can reach" expansion: ${Date.now() - started} ms`);
    await rows
      .filter({ hasText: /^Reachable from/ })
      .first()
      .waitFor();
  });

  it('filters from the title bar to the workloads not isolated: three namespaces, open, the filter beside the title', async () => {
    await closeQuickInput(page);
    // The funnel in the view's title bar.
    await page.locator('.part.sidebar a.action-label[aria-label^="Filter Reachability"]:visible').first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Filter Reachability' }).waitFor();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Only not isolated' }).first().click();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    await rows
      .filter({ hasText: /^team-003\s*25 of 25 workloads · 25 not isolated$/ })
      .first()
      .waitFor();
    // The view's message, above the tree.
    await page.locator(`${VIEW} .message`, { hasText: 'Filter: not isolated · 75 of 5,000' }).first().waitFor();
    assert.equal(await rows.filter({ hasText: /^team-000/ }).count(), 0);
    await workbench.shoot('reachability-5000-filtered');
    // The Clear button beside the filter brings every namespace back.
    await page.locator('.part.sidebar a.action-label[aria-label^="Clear Reachability Filter"]:visible').first().click();
    await rows
      .filter({ hasText: /^team-000\s*25 workloads$/ })
      .first()
      .waitFor();
  });

  it('an unsaved policy edit reaches the view: api-0 (a backend) of team-020 no longer admits the frontends', async () => {
    await runCommand(page, 'NetworkPolicy: Clear Reachability Filter');
    await page.locator('.part.sidebar a.action-label[aria-label^="Collapse All"]:visible').first().click();
    const rows = page.locator(`${VIEW} .monaco-list-row`);
    await rows
      .filter({ hasText: /^team-020\s*25 workloads$/ })
      .first()
      .locator('.monaco-tl-twistie')
      .click();
    const api = rows.filter({ hasText: /^api-0\s*\d+ in · \d+ out$/ }).first();
    // The row reads `api-0`, then `9 in · 9 out`: the label and the description may run together.
    const before = Number(/^api-0\s*(\d+) in/.exec((await api.innerText()).trim())![1]);
    const input = await openQuickInput(page, 'Control+P');
    await input.fill('team-020/policies.yaml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'policies.yaml' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'policies.yaml' }).waitFor();
    await goToLine(page, 40); // `tier: frontend`, the peer of frontend-to-backend
    await page.keyboard.press('End');
    const started = Date.now();
    await page.keyboard.type('x');
    // `tier: frontendx` matches no pod: the frontends of team-020 no longer reach api-0.
    await rows
      .filter({ hasText: new RegExp(`^api-0\\s*(?!${before} in)\\d+ in · \\d+ out$`) })
      .first()
      .waitFor();
    console.log(`# edit -> view updated: ${Date.now() - started} ms`);
  });
});
