// The .vsix made by `npm run package` (../test.sh makes it before the tests): what it must hold.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { extensionRoot, manifest } from '../support/paths';
import { zipEntries } from '../support/zip';

const vsix = path.join(extensionRoot, `${manifest.name}-${manifest.version}.vsix`);
const skip = fs.existsSync(vsix) ? false : `no ${path.basename(vsix)}: run npm run package first`;

describe('the packaged extension', { skip }, () => {
  const entries = skip ? [] : zipEntries(vsix);

  it('contains the bundled server, the client bundle, the grammar copy, Mermaid and the docs', () => {
    for (const entry of [
      'extension/package.json',
      'extension/server/rules.dll',
      'extension/server/rules.runtimeconfig.json',
      'extension/server/rules.deps.json',
      'extension/server/BackPainRules.dll',
      'extension/server/BackPainRules.LanguageServer.dll',
      'extension/dist/extension.js',
      'extension/dist/media/mermaid.min.js',
      'extension/syntaxes/rules.tmLanguage.json',
      'extension/language-configuration.json',
      'extension/snippets/rules.json',
      'extension/readme.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(entries.some((e) => e.toLowerCase() === entry.toLowerCase()), `${entry} is missing from the .vsix`);
    }
  });

  it('leaves out sources, tests and node_modules', () => {
    const leaked = entries.filter((e) => /^extension\/(src|test|out|scripts|node_modules|TestResults)\//.test(e) || e.endsWith('.ts') || e.endsWith('.map'));
    assert.deepEqual(leaked, []);
  });

});
