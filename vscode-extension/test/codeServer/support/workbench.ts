// What a user does in VS Code's window, done through the page: open a file, run a command from the
// palette, type, hover, read what the editor shows. Selectors are VS Code's own class names.
import { Locator, Page } from 'playwright-core';

/** Waits until `check` returns a value (not undefined/false), or fails with `what` after `timeout` ms. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeout = 20_000, interval = 250): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Runs a command from the palette (F1) by its title, e.g. "Rules: Show rule graph". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  // The row whose label is exactly the title (the palette also lists "similar commands").
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  try {
    await row.waitFor({ timeout: 10_000 });
  } catch (error) {
    // Leave no palette open over the window for the tests after this one.
    await page.keyboard.press('Escape');
    throw new Error(`the command palette has no command '${title}': ${(error as Error).message}`);
  }
  await row.click();
}

/** Opens a workspace file through Quick Open and waits for its editor. Quick Open finds files only
 * once the workspace is indexed, so it is tried again a few times. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const name = relativePath.split('/').pop()!;
  await until(`Quick Open to find ${relativePath}`, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(relativePath);
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: 5_000 });
    await row.click();
    return true;
  }, 45_000, 500);
  await activeTab(page, name);
  await editor(page).locator('.view-lines').waitFor({ timeout: 10_000 });
}

/** The active editor tab, once its label is `label`. */
export async function activeTab(page: Page, label: string): Promise<Locator> {
  const tab = page.locator('.tabs-container .tab.active', { hasText: label });
  await tab.waitFor({ timeout: 15_000 });
  return tab;
}

/** The active text editor. */
export function editor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Puts the cursor at a 1-based line and column through "Go to Line" (Ctrl+G accepts line:column). */
export async function goTo(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await until(`the cursor at ${line}:${column}`, async () => (await cursorPosition(page)) === `Ln ${line}, Col ${column}`, 5_000);
}

/** "Ln 3, Col 7", as the status bar shows it. */
export async function cursorPosition(page: Page): Promise<string> {
  return (await page.locator('[id="status.editor.selection"]').innerText()).trim();
}

/** The rendered text of each visible line of the active editor, in order (spaces as spaces). */
export async function visibleLines(page: Page): Promise<string[]> {
  return editor(page).locator('.view-lines').evaluate((lines) =>
    [...lines.querySelectorAll<HTMLElement>('.view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')));
}

export interface Token {
  text: string;
  color: string;
}

/**
 * The colour the editor draws `word` in, on the first visible line containing `lineText`: the
 * computed colour of the innermost span holding the word's first character.
 */
export async function tokenColor(page: Page, lineText: string, word: string): Promise<Token> {
  return editor(page).locator('.view-lines').evaluate((lines, [lineText, word]) => {
    const normal = (s: string) => s.replace(/\u00a0/g, ' ');
    const line = [...lines.querySelectorAll<HTMLElement>('.view-line')].find((l) => normal(l.textContent ?? '').includes(lineText));
    if (!line) throw new Error(`no visible line contains '${lineText}'`);
    const text = normal(line.textContent ?? '');
    const at = text.indexOf(word, text.indexOf(lineText));
    if (at < 0) throw new Error(`'${word}' is not on the line '${text}'`);
    let offset = 0;
    for (const span of line.querySelectorAll<HTMLElement>('span > span')) {
      const spanText = normal(span.textContent ?? '');
      if (at >= offset && at < offset + spanText.length) return { text: spanText, color: getComputedStyle(span).color };
      offset += spanText.length;
    }
    throw new Error(`no span holds offset ${at} of '${text}'`);
  }, [lineText, word] as const);
}

/** The screen point at the middle of `word` on the first visible line containing `lineText`. */
export async function wordPoint(page: Page, lineText: string, word: string): Promise<{ x: number; y: number }> {
  return editor(page).locator('.view-lines').evaluate((lines, [lineText, word]) => {
    const normal = (s: string) => s.replace(/\u00a0/g, ' ');
    const line = [...lines.querySelectorAll<HTMLElement>('.view-line')].find((l) => normal(l.textContent ?? '').includes(lineText));
    if (!line) throw new Error(`no visible line contains '${lineText}'`);
    const text = normal(line.textContent ?? '');
    const at = text.indexOf(word, text.indexOf(lineText));
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    let offset = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent!.length;
      if (at >= offset && at < offset + length) {
        const range = document.createRange();
        range.setStart(node, at - offset);
        range.setEnd(node, Math.min(length, at - offset + word.length));
        const box = range.getBoundingClientRect();
        return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      }
      offset += length;
    }
    throw new Error(`'${word}' not found on '${text}'`);
  }, [lineText, word] as const);
}

/** The rows of the Problems panel (opened if needed), as their text. */
export async function problems(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
  await panel.waitFor({ timeout: 10_000 });
  return panel.locator('.monaco-list-row').allInnerTexts();
}

/** Gives the keyboard back to the active editor (from a panel or a view). */
export async function focusEditor(page: Page): Promise<void> {
  await runCommand(page, 'View: Focus Active Editor Group');
}
