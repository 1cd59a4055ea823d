// Keyboard-driven steps in the workbench, retried because a shortcut pressed while the
// workbench is still restoring (or just after a dialog closed) can go unheard.
import type { Locator, Page } from 'playwright-core';

const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/** The part of a DOM element used in the page (the project compiles without the DOM library). */
interface Animatable {
  getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }>;
}

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

/** Presses Escape until no quick input shows, so the next shortcut opens a fresh one. */
export async function closeQuickInput(page: Page, timeoutMs = 10_000): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + timeoutMs;
  while (await widget.isVisible()) {
    if (Date.now() > deadline) throw new Error('the quick input does not close on Escape');
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 1_000 }).catch(() => undefined);
  }
}

/** Opens a workspace file by its relative path (`shop/policies.yaml`) with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function quickOpen(page: Page, relativePath: string): Promise<void> {
  const fileName = relativePath.split('/').pop() ?? relativePath;
  const folder = relativePath.slice(0, -fileName.length).replace(/\/$/, '');
  await closeQuickInput(page);
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(relativePath);
  // A row shows the file name, then its folder: pick the one in the asked folder.
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).filter({ hasText: folder });
  await row.first().waitFor();
  await row.first().click();
  await page.locator('.tab.active', { hasText: fileName }).waitFor();
  // A picker left open (a click that landed while the list re-rendered) would swallow the next shortcut.
  await closeQuickInput(page);
}

/**
 * Moves the cursor to a 1-based line with Go to Line (Ctrl+G), which scrolls it into view. Done
 * once the status bar shows the line: an Enter pressed before the picker read the typed line
 * leaves the picker open, so the steps are taken again from a closed picker until then.
 */
export async function goToLine(page: Page, line: number, timeoutMs = 30_000): Promise<void> {
  const cursorOnLine = page.locator('[id="status.editor.selection"]', { hasText: new RegExp(`Ln ${line},`) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await closeQuickInput(page);
      const input = await openQuickInput(page, 'Control+G');
      await input.fill(`:${line}`);
      await page
        .locator('.quick-input-widget .monaco-list-row', { hasText: String(line) })
        .first()
        .waitFor({ timeout: 3_000 });
      await page.keyboard.press('Enter');
      await cursorOnLine.waitFor({ timeout: 3_000 });
      await closeQuickInput(page);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
  }
}

/** Rests the mouse on a word of the active editor's rendered line `lineText`; see {@link hoverText}. */
export function hoverWord(page: Page, lineText: RegExp, word: string, expected: string | RegExp): Promise<string> {
  const line = page.locator('.editor-group-container.active .view-lines .view-line').filter({ hasText: lineText }).first();
  return hoverText(page, line.locator('span > span', { hasText: word }).first(), expected);
}

/**
 * Rests the mouse on `target` (a word, a squiggle) and returns the text of the hover widget once it
 * shows `expected`. Moves away and back until then, as a person would: a hover asked before the
 * workspace scan finished shows the earlier answer, and a re-layout (CodeLens arriving) closes it.
 */
export async function hoverText(page: Page, target: Locator, expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: expected }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const box = await target.boundingBox({ timeout: 3_000 });
      if (!box) throw new Error('not on screen');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2);
      await hover.waitFor({ timeout: 3_000 });
      // The widget fades in: wait for its animations to end, so a screenshot shows it opaque.
      await hover.evaluate(
        (element: Animatable) => Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
        undefined,
        { timeout: 3_000 },
      );
      return await hover.innerText({ timeout: 3_000 });
    } catch (error) {
      if (Date.now() > deadline) {
        const shown = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
        throw new Error(`no hover showing ${expected} over ${String(target)}; shown: ${JSON.stringify(shown)}`, { cause: error });
      }
      await page.mouse.move(5, 5);
    }
  }
}

/** Runs a command by its palette title ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await closeQuickInput(page);
  const input = await openQuickInput(page, 'Control+Shift+P');
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide (long tree rows stay readable). */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const sideBar = await page.locator('.part.sidebar').boundingBox();
  if (!sideBar) throw new Error('no side bar on screen');
  const y = sideBar.y + sideBar.height / 2;
  await page.mouse.move(sideBar.x + sideBar.width, y);
  await page.mouse.down();
  await page.mouse.move(sideBar.x + width, y, { steps: 5 });
  await page.mouse.up();
}
