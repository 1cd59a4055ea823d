// Keyboard-driven steps in the workbench, retried because a shortcut pressed while the
// workbench is still restoring (or just after a dialog closed) can go unheard.
import type { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** Presses `shortcut` until the quick input shows (Quick Open, command palette); returns its input box. */
export async function openQuickInput(page: Page, shortcut: string, timeoutMs = 30_000): Promise<Locator> {
  const input = page.locator(QUICK_INPUT);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press(shortcut);
    try {
      await input.waitFor({ state: 'visible', timeout: 2_000 });
      return input;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Opens a workspace file by name with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(fileName);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: fileName }).waitFor();
}

/** Runs a command by its palette title ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, 'Control+Shift+P');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}
