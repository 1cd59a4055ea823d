// UI test: the Test Explorer as a person sees it after "Run All Tests" on the example workspace:
// the two expectations files, the passing expectations and the failing one of broken/, and the
// CodeLens results in the expectations file beside it. Screenshot `test-explorer` (README).
// Run by `npm run test:ui -- expectations`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { quickOpen, resizeSideBar, runCommand } from './workbench-helpers';
import { eventually } from '../suite/waitFor';

const FAILING = 'nothing in monitoring reaches the payments API';
const PASSING = 'frontend calls cart over gRPC';

describe('expectations in the Test Explorer', { timeout: 180_000 }, () => {
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

  it('Run All Tests shows the failing expectation of broken/ and the passing ones, with their CodeLens in the file', async () => {
    await quickOpen(page, 'netpol-expectations.yaml');
    const editor = page.locator('.editor-group-container.active .monaco-editor');
    // The CodeLens says each result before any run.
    await editor.locator('.codelens-decoration', { hasText: '✓ 1 pair' }).first().waitFor({ timeout: 60_000 });

    await runCommand(page, 'Testing: Focus on Test Explorer View');
    const tree = page.locator('.test-explorer');
    await tree.locator('.monaco-list-row', { hasText: 'broken/netpol-expectations.yaml' }).waitFor({ timeout: 60_000 });
    await runCommand(page, 'Test: Run All Tests');

    // Both files open, so that every expectation shows with its result.
    await eventually(async () => {
      const collapsed = tree.locator('.monaco-list-row .monaco-tl-twistie.collapsible.collapsed');
      if ((await collapsed.count()) > 0) await collapsed.first().click();
      await tree.locator('.monaco-list-row', { hasText: FAILING }).waitFor({ timeout: 2_000 });
      await tree.locator('.monaco-list-row', { hasText: PASSING }).waitFor({ timeout: 2_000 });
      assert.equal(await collapsed.count(), 0);
    }, 60_000);
    const failing = tree.locator('.monaco-list-row', { hasText: FAILING });
    await failing.locator('.codicon-testing-failed-icon').waitFor({ timeout: 30_000 });
    await tree.locator('.monaco-list-row', { hasText: PASSING }).locator('.codicon-testing-passed-icon').waitFor();
    assert.ok(
      await tree.locator('.monaco-list-row .codicon-testing-skipped-icon').count(),
      'the skipped expectation shows as skipped',
    );

    await resizeSideBar(page, 520);
    await page.mouse.move(5, 5);
    await workbench.shoot('test-explorer');
  });
});
