// The TextMate grammar against the language's own definition (grammar/rules.ebnf) and its tests.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { extensionRoot, grammarFile, grammarTests, manifest, readJson, repoRoot } from '../support/paths';
import { scopesAt } from '../support/textmate';

const grammar = readJson(grammarFile);
const ebnf = fs.readFileSync(path.join(repoRoot, 'grammar', 'rules.ebnf'), 'utf8');

function reservedWords(): string[] {
  const block = /RESERVED\s+::=([\s\S]*?)\n\s*\n/.exec(ebnf)![1];
  return [...block.matchAll(/'([a-z]+)'/g)].map((m) => m[1]);
}

function allScopeNames(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => allScopeNames(n, into));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'name' && typeof value === 'string') value.split(/\s+/).forEach((s) => into.add(s));
      else allScopeNames(value, into);
    }
  }
  return into;
}

describe('the TextMate grammar', () => {
  it('is the single source the extension packages (a build-time copy)', () => {
    const [contribution] = manifest.contributes.grammars;
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.equal(contribution.language, 'rules');
    const copy = path.join(extensionRoot, contribution.path);
    assert.ok(fs.existsSync(copy), `${copy} is made by npm run build`);
    assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(grammarFile, 'utf8'));
    const ignored = fs.readFileSync(path.join(extensionRoot, '.gitignore'), 'utf8');
    assert.match(ignored, /^syntaxes\/$/m, 'the copy is not committed');
  });

  it('has a grammar test asserting every scope it can give (meta scopes aside)', () => {
    const asserted = new Set<string>();
    for (const file of fs.readdirSync(grammarTests).filter((f) => f.endsWith('.rules'))) {
      for (const line of fs.readFileSync(path.join(grammarTests, file), 'utf8').split(/\r?\n/)) {
        const assertion = /^#\s*(?:\^+|<-+)\s+(.*)$/.exec(line);
        if (assertion) assertion[1].split(' - ')[0].split(/\s+/).forEach((s) => asserted.add(s));
      }
    }
    const scopes = [...allScopeNames(grammar.repository)].filter((s) => !s.startsWith('meta.'));
    const missing = scopes.filter((s) => !asserted.has(s));
    assert.deepEqual(missing, [], `scopes without a grammar test: ${missing.join(', ')}`);
    assert.ok(scopes.length >= 30);
  });

  it('highlights every reserved word of rules.ebnf as a keyword, never as a name', async () => {
    const words = reservedWords();
    assert.equal(words.length, 22);
    const contexts: Record<string, string> = {
      fact: 'fact x: bool', score: 'score s = a + 1', recommendation: 'recommendation r', rule: 'rule n:', if: 'if a then recommend r',
      then: 'if a then recommend r', because: 'if a then recommend r because "x"', and: 'if a and b then recommend r',
      or: 'if a or b then recommend r', not: 'if not a then recommend r', is: 'if w is easy then recommend r',
      in: 'if w in (easy) then recommend r', known: 'if known a then recommend r', recommend: 'if a then recommend r',
      avoid: 'if a then avoid r', conclude: 'if a then conclude f', import: 'import "x.rules"', test: 'test "t":',
      given: 'test "t":\n  given a', expect: 'test "t":\n  expect fires n', true: 'if true then recommend r', false: 'if false then recommend r',
    };
    for (const word of words) {
      const scopes = await scopesAt(contexts[word], word);
      const last = scopes[scopes.length - 1];
      assert.match(last, /^(keyword|storage\.type|constant\.language)\./, `${word}: ${scopes.join(' ')}`);
    }
  });

  it('treats the contextual words as keywords only where the grammar expects them (C5)', async () => {
    const asKeyword: [string, string][] = [
      ['fact x: bool', 'bool'], ['fact x: number 1..2', 'number'], ['fact x: one of a, b', 'one'], ['fact x: any of a, b', 'of'],
      ['if s has a then recommend r', 'has'], ['recommendation r priority low', 'priority'], ['recommendation r priority low', 'low'],
      ['recommendation r priority urgent', 'urgent'], ['recommendation r priority high', 'high'], ['recommendation r priority normal', 'normal'],
      ['test "t":\n  expect fires n', 'fires'], ['test "t":\n  expect undetermined n missing a', 'undetermined'], ['test "t":\n  expect undetermined n missing a', 'missing'],
      ['recommendation r unless a', 'unless'], ['recommendation r "x" priority low unless a', 'unless'], ['score s = count of (a, b)', 'count'],
      ['if count of (a, b) >= 1 then recommend r', 'of'], ['test "t":\n  expect withheld r', 'withheld'], ['test "t":\n  expect not withheld r', 'withheld'],
      ['test "t":\n  expect score s = 1', 'score'], ['test "t":\n  expect score s unknown', 'unknown'],
    ];
    for (const [text, word] of asKeyword) {
      const last = (await scopesAt(text, word)).at(-1)!;
      assert.match(last, /^(keyword|support\.type|constant\.language)\./, `${word} in ${JSON.stringify(text)}: ${last}`);
    }
    const asName: [string, string][] = [
      ['fact level: one of low, normal, high, urgent', 'low'], ['fact level: one of low, normal, high, urgent', 'urgent'],
      ['if level is high then recommend r', 'high'], ['if missing then recommend r', 'missing'], ['fact number_of_runs: number', 'number_of_runs'],
      ['if fires or priority then recommend r', 'fires'], ['if fires or priority then recommend r', 'priority'], ['if bool then recommend r', 'bool'],
      ['if count > 1 then recommend r', 'count'], ['fact count: number', 'count'], ['if unless then recommend r', 'unless'],
      ['if withheld or unknown then recommend r', 'withheld'], ['if withheld or unknown then recommend r', 'unknown'], ['score s = count * 2', 'count'],
    ];
    for (const [text, word] of asName) {
      const last = (await scopesAt(text, word)).at(-1)!;
      assert.match(last, /^(variable|entity\.name)\./, `${word} in ${JSON.stringify(text)}: ${last}`);
    }
  });

  it('does not take `test` or a keyword inside a longer name', async () => {
    assert.equal((await scopesAt('if contest and testing then recommend r', 'contest')).at(-1), 'variable.parameter.fact.rules');
    assert.equal((await scopesAt('if contest and testing then recommend r', 'testing')).at(-1), 'variable.parameter.fact.rules');
    assert.equal((await scopesAt('fact fact_checked: bool', 'fact_checked')).at(-1), 'entity.name.variable.fact.rules');
  });
});
