import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import {
  bundledServerDll, cliCommand, DOTNET_DOWNLOAD_URL, expandPath, hasRuntime, missingDotnetMessage, parseRuntimes, requiredRuntime, resolveServerCommand,
} from '../../src/serverPath';
import { serverSettings } from '../../src/settings';

const ext = path.join(path.sep, 'ext');
const ws = path.join(path.sep, 'work', 'project');

describe('resolveServerCommand', () => {
  it('runs the bundled server with dotnet when nothing is set', () => {
    const server = resolveServerCommand({ extensionPath: ext });
    assert.equal(server.command, 'dotnet');
    assert.deepEqual(server.args, [path.join(ext, 'server', 'rules.dll'), 'lsp']);
    assert.equal(server.source, 'bundled');
    assert.equal(server.dll, bundledServerDll(ext));
  });

  it('treats a blank setting as unset', () => {
    assert.equal(resolveServerCommand({ extensionPath: ext, configuredPath: '   ' }).source, 'bundled');
  });

  it('runs a configured .dll with dotnet, and uses the configured dotnet', () => {
    const server = resolveServerCommand({ extensionPath: ext, configuredPath: '/opt/rules/rules.dll', dotnetPath: '/usr/local/bin/dotnet' });
    assert.equal(server.command, '/usr/local/bin/dotnet');
    assert.deepEqual(server.args, ['/opt/rules/rules.dll', 'lsp']);
    assert.equal(server.source, 'setting');
  });

  it('runs a configured executable (the rules .NET tool) directly with lsp', () => {
    const server = resolveServerCommand({ extensionPath: ext, configuredPath: 'rules' });
    assert.equal(server.command, 'rules');
    assert.deepEqual(server.args, ['lsp']);
    assert.equal(server.dll, undefined);
  });

  it('expands ~, ${userHome} and ${workspaceFolder}, and resolves relative paths from the workspace', () => {
    const options = { workspaceFolder: ws, homeDir: '/home/pt' };
    assert.equal(expandPath('~/.dotnet/tools/rules', options), path.join('/home/pt', '.dotnet/tools/rules'));
    assert.equal(expandPath('${userHome}/rules', options), '/home/pt/rules');
    assert.equal(expandPath('${workspaceFolder}/bin/rules.dll', options), `${ws}/bin/rules.dll`);
    assert.equal(expandPath('tools/rules.dll', options), path.join(ws, 'tools/rules.dll'));
    assert.equal(expandPath('rules', options), 'rules', 'a bare command is looked up on the PATH');
  });

  it('runs CLI commands with the same program', () => {
    const bundled = resolveServerCommand({ extensionPath: ext });
    assert.deepEqual(cliCommand(bundled, ['test', 'a.rules', '--format', 'json']), { command: 'dotnet', args: [bundled.dll, 'test', 'a.rules', '--format', 'json'] });
    const tool = resolveServerCommand({ extensionPath: ext, configuredPath: 'rules' });
    assert.deepEqual(cliCommand(tool, ['schema']), { command: 'rules', args: ['schema'] });
  });
});

describe('the .NET check', () => {
  const listing = [
    'Microsoft.AspNetCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.AspNetCore.App]',
    'Microsoft.NETCore.App 8.0.11 [/usr/share/dotnet/shared/Microsoft.NETCore.App]',
    'Microsoft.NETCore.App 10.0.2 [/usr/share/dotnet/shared/Microsoft.NETCore.App]',
    '',
  ].join('\n');

  it('parses dotnet --list-runtimes', () => {
    assert.deepEqual(parseRuntimes(listing), [
      { name: 'Microsoft.AspNetCore.App', version: '8.0.11' },
      { name: 'Microsoft.NETCore.App', version: '8.0.11' },
      { name: 'Microsoft.NETCore.App', version: '10.0.2' },
    ]);
    assert.deepEqual(parseRuntimes(''), []);
  });

  it('reads the framework from a runtimeconfig.json', () => {
    const config = JSON.stringify({ runtimeOptions: { tfm: 'net10.0', framework: { name: 'Microsoft.NETCore.App', version: '10.0.0' } } });
    assert.deepEqual(requiredRuntime(config), { name: 'Microsoft.NETCore.App', version: '10.0.0' });
    assert.equal(requiredRuntime('not json'), undefined);
    assert.equal(requiredRuntime('{}'), undefined);
  });

  it('accepts the same major version at or above the required one (roll-forward Minor)', () => {
    const required = { name: 'Microsoft.NETCore.App', version: '10.0.0' };
    assert.equal(hasRuntime(parseRuntimes(listing), required), true);
    assert.equal(hasRuntime([{ name: 'Microsoft.NETCore.App', version: '8.0.11' }], required), false);
    assert.equal(hasRuntime([{ name: 'Microsoft.NETCore.App', version: '11.0.0' }], required), false);
    assert.equal(hasRuntime([{ name: 'Microsoft.AspNetCore.App', version: '10.0.1' }], required), false);
    assert.equal(hasRuntime([{ name: 'Microsoft.NETCore.App', version: '10.1.0-preview.1' }], { name: 'Microsoft.NETCore.App', version: '10.0.5' }), true);
    assert.equal(hasRuntime([{ name: 'Microsoft.NETCore.App', version: '10.0.1' }], { name: 'Microsoft.NETCore.App', version: '10.0.5' }), false);
  });

  it('says clearly what is missing and where to get it', () => {
    const required = { name: 'Microsoft.NETCore.App', version: '10.0.0' };
    const notFound = missingDotnetMessage('notFound', required, 'dotnet');
    assert.match(notFound, /needs \.NET 10/);
    assert.match(notFound, /'dotnet' was not found/);
    assert.ok(notFound.includes(DOTNET_DOWNLOAD_URL));
    assert.match(notFound, /rules\.dotnet\.path/);
    const old = missingDotnetMessage('noRuntime', required, 'dotnet', [{ name: 'Microsoft.NETCore.App', version: '8.0.11' }]);
    assert.match(old, /has 8\.0\.11/);
    assert.ok(old.includes(DOTNET_DOWNLOAD_URL));
  });
});

describe('the settings sent to the server', () => {
  it('sends the preview profile, and an empty one as null', () => {
    assert.deepEqual(serverSettings('examples/profiles/pregnant-runner.json'), { previewProfile: 'examples/profiles/pregnant-runner.json' });
    assert.deepEqual(serverSettings('  '), { previewProfile: null });
    assert.deepEqual(serverSettings(undefined), { previewProfile: null });
  });
});
