// UI test: the quick-fix menu a person opens on a finding (Ctrl+.), its entries as
// titled by the server, and the choice applied. Run by `npm run test:ui -- quickFixes`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { goToLine, quickOpen } from './workbench-helpers';
import { eventually } from '../suite/waitFor';

describe('quick fixes in the workbench', { timeout: 180_000 }, () => {
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

  it('Ctrl+. on the AND/OR trap lists both readings; on a duplicate port, choosing the fix removes the line', async () => {
    await quickOpen(page, 'broken/lint-warnings.yaml');
    const editor = page.locator('.editor-group-container.active .monaco-editor');
    await editor.locator('.squiggly-warning').first().waitFor();
    const menu = page.locator('.action-widget');

    // The cursor goes to the end of the line, inside the finding's range (Go to Line leaves it in column 1).
    await goToLine(page, 75); // NP2004: the podSelector peer after the namespaceSelector peer
    await page.keyboard.press('End');
    const trap = await openQuickFixMenu(page, menu, 'Combine into one peer (AND)');
    assert.match(
      trap,
      /Keep two peers \(OR\): any pod in namespace monitoring, or pods app\.kubernetes\.io\/name=prometheus in shop\n/,
    );
    await workbench.shoot('quick-fix-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    await goToLine(page, 59); // NP2003: the second `port: 8080` entry
    await page.keyboard.press('End');
    const lines = editor.locator('.view-line', { hasText: /port:\s8080/ });
    assert.equal(await lines.count(), 2);
    await openQuickFixMenu(page, menu, 'Remove the duplicate port entry');
    // The preferred fix is the focused entry: Enter applies it, as a person would.
    await menu.locator('.monaco-list-row.focused', { hasText: 'Remove the duplicate port entry' }).waitFor();
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await eventually(async () => assert.equal(await lines.count(), 1, 'one `port: 8080` entry is left'), 10_000);
  });
});

/** Opens the quick-fix menu at the cursor (Ctrl+.) until it lists `entry`; returns its text. */
async function openQuickFixMenu(page: Page, menu: ReturnType<Page['locator']>, entry: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.keyboard.press('Control+.');
    try {
      await menu.locator('.monaco-list-row', { hasText: entry }).first().waitFor({ timeout: 3_000 });
      return await menu.innerText();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await page.keyboard.press('Escape');
    }
  }
}
