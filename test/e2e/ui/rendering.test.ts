// UI smoke test of rendering: on a copy of test/fixtures/kustomize-contexts (two overlays of one
// base, both in namespace shop), the status bar names the analysis context, the finding the dev
// overlay's patch causes is underlined in the base file, and picking overlays/prod in the real
// QuickPick (opened from the status bar item) switches the context and the finding goes.
// Renders with the real `kubectl kustomize` (https://kubectl.docs.kubernetes.io/references/kustomize/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { KUSTOMIZE_CONTEXTS } from '../harness/exampleWorkspace';
import { openAndTrust, startWorkbench, type Workbench } from './session';
import { hoverText, quickOpen } from './workbench-helpers';

const PICKER_TITLE = 'NetworkPolicy: Pick Analysis Context';

function requireKubectl(): void {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  } catch {
    assert.fail('This test renders with the real kustomize: install kubectl (it embeds kustomize v5) and put it on PATH.');
  }
}

describe('rendering kustomize overlays in the workbench, as a person sees it', { timeout: 180_000 }, () => {
  let workbench: Workbench;
  let page: Page;
  const contextItem = (label: string) => page.locator('.statusbar-item', { hasText: new RegExp(`^\\s*${label}\\s*$`) });

  before(async () => {
    requireKubectl();
    workbench = await startWorkbench(KUSTOMIZE_CONTEXTS);
    page = workbench.page;
    // Rendering runs programs: only in a trusted workspace.
    await openAndTrust(workbench);
  });

  after(async () => {
    await workbench?.close();
  });

  it('the status bar names the default context, overlays/dev, whose patch is underlined in base/policy.yaml', async () => {
    await contextItem('overlays/dev').waitFor();
    await quickOpen(page, 'base/policy.yaml');
    const squiggle = page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first();
    await squiggle.waitFor();
    const text = await hoverText(page, squiggle, 'NP3003');
    assert.match(text, /"debug"/);
    assert.match(text, /in the output of kustomize build overlays\/dev/);
    await workbench.shoot('rendered-finding-hover');
    await page.mouse.move(5, 5);
  });

  it('clicking the status bar item opens the picker; choosing overlays/prod switches the context and the finding goes', async () => {
    await contextItem('overlays/dev').click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: PICKER_TITLE }).waitFor();
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    // The default says so; the row of the context in effect is checked.
    await rows
      .filter({ hasText: /overlays\/dev.*default/ })
      .first()
      .waitFor();
    const prod = rows.filter({ hasText: 'overlays/prod' }).first();
    await prod.waitFor();
    await workbench.shoot('analysis-context-picker');
    await prod.click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await contextItem('overlays/prod').waitFor();
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-warning').first().waitFor({ state: 'detached' });
  });
});
