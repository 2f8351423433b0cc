// Machine settings in a remote window: code-server's window is remote, like Remote-SSH and WSL. The
// server's paths (`rules.dotnet.path`, `rules.server.path`, scope machine-overridable) must come from
// the Remote settings of the machine the server runs on, at the first start and at every restart;
// a value in the User settings (of the machine in front of the user) is not used.
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { after, before, describe } from 'node:test';
import { CodeServerSession } from './support/codeServer';
import { uiTest } from './support/checks';
import { RULES_FILE, WORKSPACE_FILES } from './support/samples';
import { openFile, runCommand, until } from './support/workbench';

/** The real dotnet, by an absolute path that differs from the default `dotnet`. */
function dotnetPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v dotnet'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('dotnet is not on the PATH');
  return fs.realpathSync(found);
}

function serverLines(log: string): string[] {
  return log.split('\n').filter((line) => /\[info\] Server: /.test(line));
}

describe('machine settings in a remote window', () => {
  let session: CodeServerSession | undefined;
  const remoteDotnet = dotnetPath();

  before(async () => {
    session = await CodeServerSession.start({
      name: 'remote-settings',
      files: WORKSPACE_FILES,
      settings: { 'rules.dotnet.path': '/nonexistent/user-settings/dotnet' },
      machineSettings: { 'rules.dotnet.path': remoteDotnet },
    });
    await openFile(session.page, RULES_FILE);
    await until('the language server to start', () => /The language server is running/.test(session!.outputChannel('Back Pain Rules')), 60_000);
  }, { timeout: 150_000 });

  after(async () => {
    await session?.stop();
  }, { timeout: 30_000 });

  uiTest(() => session, 'rules.dotnet.path comes from the Remote settings at the start and after a restart', async ({ page, outputChannel }) => {
    await runCommand(page, 'Rules: Restart language server');
    const log = await until('the restarted server', () => {
      const text = outputChannel('Back Pain Rules');
      return (text.match(/The language server is running/g) ?? []).length >= 2 ? text : undefined;
    }, 30_000);
    const starts = serverLines(log);
    assert.equal(starts.length, 2, log);
    for (const line of starts) assert.ok(line.includes(`Server: ${remoteDotnet} `), `started with the Remote settings' dotnet: ${line}`);
    assert.doesNotMatch(log, /user-settings/, 'the User settings value is never used');
    assert.match(log, /A remote window \(.+\): rules\.dotnet\.path and rules\.server\.path are read from the Remote settings/);
  });
});
