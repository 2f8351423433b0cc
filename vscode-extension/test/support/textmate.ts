// Tokenizes with the same engine as VS Code (vscode-textmate + Oniguruma).
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { grammarFile } from './paths';

let grammar: Promise<textmate.IGrammar> | undefined;

export function loadGrammar(): Promise<textmate.IGrammar> {
  if (!grammar) {
    grammar = (async () => {
      const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
      const registry = new textmate.Registry({
        onigLib: Promise.resolve({
          createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
          createOnigString: (text: string) => new oniguruma.OnigString(text),
        }),
        loadGrammar: async (scope) => (scope === 'source.rules' ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile) : null),
      });
      const loaded = await registry.loadGrammar('source.rules');
      if (!loaded) throw new Error('grammar not loaded');
      return loaded;
    })();
  }
  return grammar;
}

/** The scopes of the token that covers `needle` (its `occurrence`-th appearance) in `text`. */
export async function scopesAt(text: string, needle: string, occurrence = 0): Promise<string[]> {
  const g = await loadGrammar();
  let state = textmate.INITIAL;
  let seen = 0;
  for (const line of text.split('\n')) {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    let from = 0;
    for (;;) {
      const index = line.indexOf(needle, from);
      if (index < 0) break;
      const before = index === 0 ? '' : line[index - 1];
      const after = line[index + needle.length] ?? '';
      const whole = !/[A-Za-z0-9_]/.test(before) && !/[A-Za-z0-9_]/.test(after);
      if (whole && seen++ === occurrence) {
        const token = result.tokens.find((t) => t.startIndex <= index && index < t.endIndex)!;
        return token.scopes;
      }
      from = index + 1;
    }
  }
  throw new Error(`'${needle}' not found`);
}
