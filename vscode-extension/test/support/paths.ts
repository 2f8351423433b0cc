import * as fs from 'fs';
import * as path from 'path';

/** vscode-extension/ (tests run from out/test/..., compiled by tsc). */
export const extensionRoot = path.resolve(__dirname, '..', '..', '..');
export const repoRoot = path.resolve(extensionRoot, '..');
export const grammarFile = path.join(repoRoot, 'grammar', 'rules.tmLanguage.json');
export const grammarTests = path.join(repoRoot, 'grammar', 'tests');
export const examples = path.join(repoRoot, 'examples');

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export const manifest = readJson(path.join(extensionRoot, 'package.json'));
