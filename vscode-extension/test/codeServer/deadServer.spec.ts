// The negative control: the same extension with `rules.server.path` pointing nowhere. The check that
// the main suite passes with (a typo flagged by the language server) must fail here, so a green
// suite cannot come from a dead server; the grammar's colours, which need no server, stay.
import * as assert from 'assert/strict';
import { after, before, describe } from 'node:test';
import { CodeServerSession } from './support/codeServer';
import { CONDITION_LINE, typoIsFlagged, uiTest } from './support/checks';
import { RULES_FILE, WORKSPACE_FILES } from './support/samples';
import { openFile, tokenColor, until } from './support/workbench';

const NOWHERE = '/nonexistent/backpainrules/rules.dll';

describe('negative control: rules.server.path pointing nowhere', () => {
  let session: CodeServerSession | undefined;

  before(async () => {
    // In the Remote settings: code-server's window is remote, where the User settings' value is not used
    // (see remoteSettings.spec.ts).
    session = await CodeServerSession.start({ name: 'dead-server', files: WORKSPACE_FILES, machineSettings: { 'rules.server.path': NOWHERE } });
    await openFile(session.page, RULES_FILE);
    await until('the extension to give up on the server', () => /does not exist/.test(session!.outputChannel('Back Pain Rules')), 60_000);
  }, { timeout: 150_000 });

  after(async () => {
    await session?.stop();
  }, { timeout: 30_000 });

  uiTest(() => session, 'the typo check of the main suite fails: no squiggle, no Problems entry', async ({ page, outputChannel }) => {
    await assert.rejects(typoIsFlagged(page, 15_000), /timed out after 15000 ms waiting for an error squiggle/);
    const log = outputChannel('Back Pain Rules');
    assert.match(log, /\[error\] .*\/nonexistent\/backpainrules\/rules\.dll does not exist/, log);
    assert.doesNotMatch(log, /The language server is running/);
  }, 45_000);

  uiTest(() => session, 'the TextMate grammar still colours without a server', async ({ page }) => {
    await page.keyboard.press('Control+Z');
    // Default Dark Modern: keyword.control #C586C0, comment #6A9955.
    assert.equal((await tokenColor(page, CONDITION_LINE, 'if')).color, 'rgb(197, 134, 192)');
    assert.equal((await tokenColor(page, '# Sample rules', '#')).color, 'rgb(106, 153, 85)');
  });
});
