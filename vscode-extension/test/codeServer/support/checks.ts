// Checks shared by the suites, so that the negative control runs exactly the check the main suite
// passes with, and the harness that wraps each test with a time limit and a screenshot on failure.
import { it } from 'node:test';
import { Page } from 'playwright-core';
import { CodeServerSession } from './codeServer';
import { SAMPLE_RULES } from './samples';
import { editor, goTo, problems, until } from './workbench';

/** The 1-based line of the sample that holds `text`. */
export function lineOf(text: string): number {
  const index = SAMPLE_RULES.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`the sample has no line with '${text}'`);
  return index + 1;
}

export const CONDITION_LINE = '  if leg_numbness';

/**
 * Makes a typo in a fact name (deletes the last letter of `leg_numbness` in a condition) and waits
 * for what the language server's diagnostics show: an error squiggle in the editor and a Problems
 * entry that names the misspelt fact. Returns the Problems entry.
 */
export async function typoIsFlagged(page: Page, timeout = 20_000): Promise<string> {
  await goTo(page, lineOf(CONDITION_LINE), CONDITION_LINE.length + 1);
  await page.keyboard.press('Backspace');
  await until('an error squiggle in the editor', async () => (await editor(page).locator('.squiggly-error').count()) > 0, timeout);
  return until('a Problems entry for the typo', async () => (await problems(page)).find((row) => row.includes("'leg_numbnes'")), timeout);
}

/** Runs `body` as a test with a time limit of its own; on failure keeps a screenshot and says where. */
export function uiTest(session: () => CodeServerSession | undefined, name: string, body: (s: CodeServerSession) => Promise<void>, limit = 60_000): void {
  it(name, { timeout: limit + 15_000 }, async () => {
    const s = session();
    if (!s) throw new Error('code-server did not start (see the first failure)');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        body(s),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`'${name}' took longer than ${limit / 1000} s`)), limit);
        }),
      ]);
    } catch (error) {
      try {
        const file = await s.screenshot(name);
        (error as Error).message += `\nscreenshot: ${file}`;
      } catch (shotError) {
        (error as Error).message += `\n(no screenshot: ${(shotError as Error).message})`;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  });
}
