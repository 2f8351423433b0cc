// Activates the bundled extension (dist/extension.js) against a stand-in for the VS Code API.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { extensionRoot, manifest } from '../support/paths';
import { installVscodeMock, Recorded } from '../support/vscodeMock';

describe('activating the extension without .NET', () => {
  let recorded: Recorded;
  let extension: any;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-activate-'));
  const dll = path.join(temp, 'rules.dll');

  before(async () => {
    fs.writeFileSync(dll, '');
    fs.writeFileSync(path.join(temp, 'rules.runtimeconfig.json'), JSON.stringify({ runtimeOptions: { framework: { name: 'Microsoft.NETCore.App', version: '10.0.0' } } }));
    recorded = installVscodeMock({ 'rules.server.path': dll, 'rules.dotnet.path': path.join(temp, 'no-such-dotnet') });
    extension = require(path.join(extensionRoot, 'dist', 'extension.js'));
    await extension.activate({ subscriptions: [], extensionPath: extensionRoot, extensionUri: { fsPath: extensionRoot, scheme: 'file' } });
  });

  after(async () => {
    await extension?.deactivate();
    fs.rmSync(temp, { recursive: true, force: true });
  });

  it('registers every command that package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((c: any) => c.command).sort();
    const registered = [...recorded.commands.keys()].sort();
    assert.deepEqual(registered, contributed);
  });

  it('serves the profile schema and creates the test controller', () => {
    assert.deepEqual(recorded.contentProviders, ['rules-schema']);
    assert.deepEqual(recorded.testControllers, ['rulesTests']);
  });

  it('shows a clear message, with a way to get .NET, when dotnet is missing', () => {
    assert.equal(recorded.errors.length, 1, JSON.stringify(recorded.errors));
    const [error] = recorded.errors;
    assert.match(error.message, /needs \.NET 10/);
    assert.match(error.message, /was not found/);
    assert.match(error.message, /https:\/\/dotnet\.microsoft\.com\/download/);
    assert.deepEqual(error.actions, ['Get .NET', 'Open Settings']);
  });

  it('says so when the server itself is missing', async () => {
    recorded.settings['rules.server.path'] = path.join(temp, 'missing.dll');
    recorded.errors.length = 0;
    await recorded.commands.get('rules.restartServer')!();
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0].message, /missing\.dll does not exist/);
  });
});
