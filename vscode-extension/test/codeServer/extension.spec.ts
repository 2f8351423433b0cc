// The extension in real VS Code: the built .vsix installed into code-server, used through Chromium as
// a clinician would. One code-server session for the whole suite; the tests run in order and each
// leaves the editor as it found it.
import * as assert from 'assert/strict';
import * as path from 'path';
import { after, before, describe } from 'node:test';
import { Page } from 'playwright-core';
import { CodeServerSession } from './support/codeServer';
import { CONDITION_LINE, lineOf, typoIsFlagged, uiTest } from './support/checks';
import { PROFILE_FILE, RULES_FILE, WORKSPACE_FILES } from './support/samples';
import { editor, focusEditor, goTo, openFile, problems, runCommand, tokenColor, until, visibleLines, wordPoint } from './support/workbench';

/** `rgb(r, g, b)` as numbers. */
function rgb(color: string): [number, number, number] {
  const match = /rgba?\((\d+), (\d+), (\d+)/.exec(color);
  if (!match) throw new Error(`not an rgb() colour: ${color}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** How far a colour is from grey (0 for black, white and every grey): plain text in every default theme is grey. */
function chroma(color: string): number {
  const [r, g, b] = rgb(color);
  return Math.max(r, g, b) - Math.min(r, g, b);
}

/** A `#rrggbb` colour as the `rgb(r, g, b)` the browser computes. */
function hexToRgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/**
 * Runs Developer: Inspect Editor Tokens and Scopes at the cursor and reads the widget, once it shows
 * a semantic token: the token's text, its semantic token type and the colour the theme gives it.
 */
async function inspectToken(page: Page): Promise<{ text: string; semanticType: string; color: string }> {
  await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  await widget.waitFor({ timeout: 10_000 });
  try {
    const text = await until('the semantic token in the inspect widget', async () => {
      const t = await widget.innerText();
      return /semantic token type/.test(t) ? t : undefined;
    }, 15_000);
    const semanticType = /semantic token type\s+(\S+)/.exec(text)![1];
    const color = /foreground\s+(#[0-9A-Fa-f]{6})/.exec(text);
    if (!color) throw new Error(`no foreground in the inspect widget: ${text}`);
    return { text, semanticType, color: hexToRgb(color[1]) };
  } finally {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }
}

/** The error lines of the extension's output channel ("[error]" is how VS Code marks them). */
function errorLines(log: string): string[] {
  return log.split('\n').filter((line) => /\[error\]/.test(line));
}

describe('the extension in real VS Code (code-server)', () => {
  let session: CodeServerSession | undefined;
  const s = () => session;

  before(async () => {
    session = await CodeServerSession.start({ name: 'extension', files: WORKSPACE_FILES });
    await openFile(session.page, RULES_FILE);
    // The extension says so in its output channel once the client has started the server.
    await until('the language server to start', () => /The language server is running/.test(session!.outputChannel('Back Pain Rules')), 60_000);
  }, { timeout: 150_000 });

  after(async () => {
    await session?.stop();
  }, { timeout: 30_000 });

  uiTest(s, 'shows the Back Pain Rules language mode, and the output channel has no error line after the start', async ({ page, outputChannel }) => {
    const mode = await page.locator('[id="status.editor.mode"]').innerText();
    assert.equal(mode.trim(), 'Back Pain Rules');
    const log = outputChannel('Back Pain Rules');
    assert.match(log, /\[info\] The language server is running/);
    assert.deepEqual(errorLines(log), [], log);
  });

  uiTest(s, 'colours with the TextMate grammar: the scope of a keyword, and the theme colour of a comment', async ({ page }) => {
    // Developer: Inspect Editor Tokens and Scopes shows the grammar's scopes and the semantic token at the cursor.
    await goTo(page, lineOf(CONDITION_LINE), 3);
    await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
    const widget = page.locator('.token-inspect-widget');
    await widget.waitFor({ timeout: 10_000 });
    await until('the inspected scopes', async () => /keyword\.control\.conditional\.rules/.test(await widget.innerText()), 10_000);
    const text = await widget.innerText();
    assert.match(text, /source\.rules/);
    await page.keyboard.press('Escape');
    // Default Dark Modern draws comments #6A9955.
    const comment = await tokenColor(page, '# Sample rules', '#');
    assert.equal(comment.color, 'rgb(106, 153, 85)', JSON.stringify(comment));
  });

  uiTest(s, 'draws a fact name in a condition in a colour of its own in each default theme', async ({ page, writeWorkspaceSettings }) => {
    // Dark 2026 and Light 2026 are VS Code's defaults; the Modern themes were before them. The second
    // name is the class the workbench gets for the theme.
    const themes = [
      ['Dark 2026', 'vscode-theme-defaults-themes-2026-dark-json'],
      ['Light 2026', 'vscode-theme-defaults-themes-2026-light-json'],
      ['Default Dark Modern', 'vscode-theme-defaults-themes-dark_modern-json'],
      ['Default Light Modern', 'vscode-theme-defaults-themes-light_modern-json'],
    ] as const;
    const seen: string[] = [];
    try {
      for (const [theme, themeClass] of themes) {
        writeWorkspaceSettings({ 'workbench.colorTheme': theme });
        await until(`the ${theme} theme`, async () => (await page.locator('.monaco-workbench').getAttribute('class'))?.split(' ').includes(themeClass), 15_000);
        // Developer: Inspect Editor Tokens and Scopes says which semantic token the fact got and the
        // colour the theme gives it; wait for both, then for the editor to draw that colour.
        await goTo(page, lineOf(CONDITION_LINE), CONDITION_LINE.indexOf('leg_numbness') + 2);
        const inspected = await inspectToken(page);
        assert.match(inspected.text, /^leg_numbness/);
        const fact = await until(`${theme}: the fact drawn in ${inspected.color}`, async () => {
          const token = await tokenColor(page, CONDITION_LINE, 'leg_numbness');
          return token.color === inspected.color ? token : undefined;
        }, 15_000);
        const foreground = await editor(page).evaluate((e) => getComputedStyle(e.querySelector('.view-lines')!).color);
        const enumValue = await tokenColor(page, 'if workout is intervals', 'intervals');
        seen.push(`${theme}: fact ${fact.color} (semantic token ${inspected.semanticType}), enum value ${enumValue.color}, text ${foreground}`);
        assert.equal(fact.text, 'leg_numbness', 'the fact is a token of its own');
        assert.notEqual(fact.color, foreground, `${theme}: a fact in a condition looks like plain text`);
        assert.ok(chroma(fact.color) >= 40, `${theme}: a fact in a condition is drawn in a grey (${fact.color}), like plain text`);
        assert.notEqual(fact.color, enumValue.color, `${theme}: a fact and an enum value look the same`);
      }
    } finally {
      console.log(seen.join('\n'));
      writeWorkspaceSettings({});
    }
  }, 90_000);

  uiTest(s, 'a typo shows a squiggle and a Problems entry; undo clears both', async ({ page }) => {
    const entry = await typoIsFlagged(page);
    assert.match(entry, /leg_numbnes/);
    await focusEditor(page);
    await page.keyboard.press('Control+Z');
    await until('the squiggle to go', async () => (await editor(page).locator('.squiggly-error').count()) === 0);
    await until('the Problems entry to go', async () => !(await problems(page)).some((row) => row.includes('leg_numbnes')));
    const lines = await visibleLines(page);
    assert.ok(lines.includes(CONDITION_LINE), 'undo restored the line');
  });

  uiTest(s, 'completes the facts after `if `', async ({ page }) => {
    const last = lineOf('expect recommend increase_cadence');
    await goTo(page, last, 1);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('if ');
    await page.keyboard.press('Control+Space');
    const rows = page.locator('.suggest-widget .monaco-list-row');
    const labels = await until('the completion list', async () => {
      const all = await rows.allInnerTexts();
      return all.length > 0 ? all.map((r) => r.split('\n')[0].trim()) : undefined;
    });
    await page.keyboard.press('Escape');
    for (const fact of ['leg_numbness', 'pain_score', 'workout', 'red_flag']) {
      assert.ok(labels.some((label) => label.startsWith(fact)), `${fact} in ${JSON.stringify(labels)}`);
    }
    assert.ok(!labels.some((label) => label.startsWith('see_physician')), `a recommendation is not a condition: ${JSON.stringify(labels)}`);
    await runCommand(page, 'File: Revert File');
    await until('the file to be reverted', async () => !(await page.locator('.tabs-container .tab.active.dirty').count()));
  });

  uiTest(s, 'shows the fact\'s description and type on hover', async ({ page }) => {
    await goTo(page, lineOf('pain_score >= 3'), 1);
    const point = await wordPoint(page, 'pain_score >= 3', 'pain_score');
    const hover = page.locator('.monaco-hover-content').filter({ hasText: 'pain_score' }).first();
    const text = await until('the hover text', async () => {
      // Move onto the word from beside it, as a hand would, until the hover shows.
      await page.mouse.move(point.x - 40, point.y + 30);
      await page.mouse.move(point.x, point.y, { steps: 5 });
      await hover.waitFor({ state: 'visible', timeout: 3_000 });
      return hover.innerText();
    }, 20_000, 200);
    assert.match(text, /fact/);
    assert.match(text, /number 0\.\.10/);
    assert.match(text, /Worst back pain in the last week/);
    await page.mouse.move(5, 5);
  });

  uiTest(s, 'runs "Rules: Show rule graph" from the palette into a panel titled with the workspace-relative name', async ({ page, workspace }) => {
    await runCommand(page, 'Rules: Show rule graph');
    const tab = page.locator('.tabs-container .tab', { hasText: 'Rule graph' }).first();
    await tab.waitFor({ timeout: 30_000 });
    const title = (await tab.innerText()).trim();
    assert.equal(title, `Rule graph: ${path.basename(workspace)}`);
    assert.ok(!title.includes(path.dirname(workspace)), `no absolute path in '${title}'`);
    await tab.hover();
    await tab.locator('.tab-actions .action-label').first().click();
    await until('the graph panel to close', async () => (await page.locator('.tabs-container .tab', { hasText: 'Rule graph' }).count()) === 0, 10_000);
    await openFile(page, RULES_FILE);
  });

  uiTest(s, 'runs the test blocks from the Testing view', async ({ page }) => {
    await runCommand(page, 'Test: Run All Tests');
    await runCommand(page, 'View: Show Testing');
    const summary = page.locator('.result-summary');
    const text = await until('the test results', async () => {
      const t = (await summary.innerText().catch(() => '')).trim();
      return /\d+\/\d+/.test(t) ? t : undefined;
    }, 45_000);
    assert.match(text, /^2\/2\b/, `both test blocks passed: ${text}`);
    const items = await page.locator('.test-explorer .monaco-list-row').allInnerTexts();
    assert.ok(items.some((i) => i.includes('sample.rules')), JSON.stringify(items));
    await runCommand(page, 'View: Show Explorer');
    await runCommand(page, 'View: Hide Panel');
    await openFile(page, RULES_FILE);
  }, 75_000);

  uiTest(s, 'shows inlay hints for a preview profile, and a settings change writes no error line', async ({ page, outputChannel, writeWorkspaceSettings }) => {
    await goTo(page, lineOf('rule red_flag_numbness:'), 1);
    writeWorkspaceSettings({ 'rules.previewProfile': PROFILE_FILE });
    const fires = await until('an inlay hint on the rule that fires', async () =>
      (await visibleLines(page)).find((line) => line.startsWith('rule red_flag_numbness:') && line.includes('fires')), 30_000);
    assert.match(fires, /✓ fires/);
    const other = (await visibleLines(page)).find((line) => line.startsWith('rule cadence_for_intervals:'));
    assert.ok(other && !other.includes('✓ fires'), `cadence_for_intervals does not fire for this runner: ${other}`);
    writeWorkspaceSettings({});
    await until('the hints to go with the setting', async () => !(await visibleLines(page)).some((line) => line.includes('✓ fires')), 30_000);
    const log = outputChannel('Back Pain Rules');
    assert.deepEqual(errorLines(log), [], log);
  });

  uiTest(s, 'traces the protocol in "Back Pain Rules Trace" when rules.trace.server asks for it', async ({ page, writeWorkspaceSettings, outputChannel }) => {
    const before = outputChannel('Back Pain Rules Trace');
    assert.doesNotMatch(before, /Sending notification 'textDocument\/didChange'/, 'off: no trace');
    writeWorkspaceSettings({ 'rules.trace.server': 'verbose' });
    try {
      // Edit the file: the change goes to the server, which checks it and says so in $/logTrace.
      await until('the trace to start', async () => {
        await goTo(page, lineOf(CONDITION_LINE), CONDITION_LINE.length + 1);
        await page.keyboard.type(' ');
        await page.keyboard.press('Backspace');
        const trace = outputChannel('Back Pain Rules Trace');
        return /Sending notification 'textDocument\/didChange'/.test(trace) && /Checked sample\.rules/.test(trace);
      }, 30_000, 2_000);
      const trace = outputChannel('Back Pain Rules Trace');
      assert.match(trace, /Params: \{/, 'verbose: the messages are shown with their parameters');
      await runCommand(page, 'File: Revert File');
    } finally {
      writeWorkspaceSettings({});
    }
    const log = outputChannel('Back Pain Rules');
    assert.deepEqual(errorLines(log), [], log);
  });
});
