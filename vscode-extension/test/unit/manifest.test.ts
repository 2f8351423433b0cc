// The extension's contributions: language, configuration, settings, commands, snippets, packaging.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { extensionRoot, manifest, readJson } from '../support/paths';

const languageConfiguration = readJson(path.join(extensionRoot, manifest.contributes.languages[0].configuration));
const snippets = readJson(path.join(extensionRoot, manifest.contributes.snippets[0].path));

describe('package.json', () => {
  it('declares the rules language for .rules files and activates on it', () => {
    const [language] = manifest.contributes.languages;
    assert.equal(language.id, 'rules');
    assert.deepEqual(language.extensions, ['.rules']);
    assert.ok(manifest.activationEvents.includes('onLanguage:rules'));
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('has the settings for the server path, the preview profile and tracing', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['rules.server.path'].type, 'string');
    assert.equal(properties['rules.server.path'].default, '');
    assert.equal(properties['rules.previewProfile'].type, 'string');
    assert.deepEqual(properties['rules.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(properties['rules.dotnet.path'].default, 'dotnet');
    assert.equal(properties['rules.ruleSet'].type, 'array');
  });

  it('scopes the paths of this machine as machine settings, and the rest per window or resource', () => {
    // A path to dotnet or to the server belongs to the machine the server runs on: in a remote window
    // (code-server, Remote-SSH, WSL) VS Code reads such settings from the Remote settings, not from the
    // User settings of the machine in front of the user (test/codeServer/remoteSettings.spec.ts).
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['rules.dotnet.path'].scope, 'machine-overridable');
    assert.equal(properties['rules.server.path'].scope, 'machine-overridable');
    assert.equal(properties['rules.previewProfile'].scope, 'resource');
    assert.equal(properties['rules.ruleSet'].scope, 'resource');
    assert.equal(properties['rules.trace.server'].scope, 'window');
    for (const [name, property] of Object.entries<any>(properties)) {
      assert.ok(property.scope, `${name} says its scope`);
    }
  });

  it('contributes the commands of the issue', () => {
    const titles = Object.fromEntries(manifest.contributes.commands.map((c: any) => [c.command, c.title]));
    assert.equal(titles['rules.evaluateProfile'], 'Evaluate profile…');
    assert.equal(titles['rules.runTests'], 'Run rule tests');
    assert.equal(titles['rules.showGraph'], 'Show rule graph');
    assert.ok(titles['rules.restartServer']);
    assert.ok(!('rules.runTest' in titles), "rules.runTest is the server's command; the language client registers it");
  });

  it('matches engines.vscode with @types/vscode and the language client', () => {
    const client = readJson(path.join(extensionRoot, 'node_modules', 'vscode-languageclient', 'package.json'));
    assert.equal(manifest.engines.vscode, client.engines.vscode);
    assert.equal(`^${manifest.devDependencies['@types/vscode']}`, manifest.engines.vscode);
  });

  it('packages with one command and the bundled server', () => {
    assert.match(manifest.scripts['vscode:prepublish'], /build.*bundle-server/);
    assert.match(manifest.scripts.package, /^vsce package --no-dependencies/);
    const ignore = fs.readFileSync(path.join(extensionRoot, '.vscodeignore'), 'utf8').split(/\r?\n/);
    for (const excluded of ['src/**', 'test/**', 'node_modules/**', 'out/**']) assert.ok(ignore.includes(excluded), `.vscodeignore lacks ${excluded}`);
    assert.ok(!ignore.some((l) => /^server/.test(l)), 'the server is packaged');
    assert.ok(fs.existsSync(path.join(extensionRoot, 'LICENSE')));
    assert.ok(manifest.publisher);
    assert.match(manifest.scripts.package, /--allow-missing-repository/);
  });
});

describe('language-configuration.json', () => {
  it('toggles # comments and pairs brackets and quotes', () => {
    assert.deepEqual(languageConfiguration.comments, { lineComment: '#' });
    assert.deepEqual(languageConfiguration.brackets, [['(', ')']]);
    const pairs = languageConfiguration.autoClosingPairs.map((p: any) => p.open + p.close);
    assert.deepEqual(pairs.sort(), ['""', '()']);
  });

  it('indents after `rule NAME:`, a test header, and `then`, `because`, `given`, `expect`', () => {
    const increase = new RegExp(languageConfiguration.indentationRules.increaseIndentPattern);
    for (const line of ['rule short_steps:', 'rule short_steps :  # named', 'test "a \\"quoted\\" case":', '  then', '  because', '  given', '  expect', 'if a and (', 'then recommend a,']) {
      assert.ok(increase.test(line), `should indent after ${JSON.stringify(line)}`);
    }
    for (const line of ['fact a: bool', '  if a', '  then recommend a', '  because "reason"', '# then', 'recommendation r "Then"', '  given a, b']) {
      assert.ok(!increase.test(line), `should not indent after ${JSON.stringify(line)}`);
    }
    const decrease = new RegExp(languageConfiguration.indentationRules.decreaseIndentPattern);
    for (const line of ['  fact', '  rule x:', '  test "t":', 'import']) assert.ok(decrease.test(line), line);
    assert.ok(!decrease.test('  facts_known'));
  });

  it('has onEnter rules for the same places, and goes back out after the `because` that ends a rule', () => {
    const rules = languageConfiguration.onEnterRules.map((r: any) => ({ before: new RegExp(r.beforeText), action: r.action.indent }));
    const actionFor = (line: string) => rules.find((r: any) => r.before.test(line))?.action;
    assert.equal(actionFor('rule tilt:'), 'indent');
    assert.equal(actionFor('test "t":'), 'indent');
    assert.equal(actionFor('  expect'), 'indent');
    assert.equal(actionFor('  because "Tight hips tilt the pelvis"'), 'outdent');
    assert.equal(actionFor('  if a'), undefined);
  });
});

describe('snippets', () => {
  it('cover fact, score, recommendation, unless, rule and test', () => {
    const prefixes = Object.values(snippets).flatMap((s: any) => [].concat(s.prefix));
    for (const prefix of ['fact', 'score', 'recommendation', 'recommendation unless', 'rule', 'test', 'test withheld']) assert.ok(prefixes.includes(prefix as never), prefix);
    for (const [name, snippet] of Object.entries<any>(snippets)) {
      assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, name);
      assert.ok(snippet.description, name);
    }
  });
});
