// Highlighting of the rules language in the editor: the same token classes as our TextMate grammar
// (grammar/rules.tmLanguage.json: comments, strings, numbers, keywords, priorities, operators, names),
// written as a CodeMirror stream parser so the page needs no TextMate engine (oniguruma in WebAssembly).
// The language server's semantic meaning (which name is a fact, which a rule) comes through its
// diagnostics and hovers; colours here only need to be quick and stable while typing.
import { StreamLanguage, type StringStream } from '@codemirror/language';

/** Words reserved everywhere (SPEC §1). */
export const RESERVED = new Set([
  'fact', 'score', 'recommendation', 'rule', 'if', 'then', 'because', 'and', 'or', 'not', 'is', 'in', 'known',
  'recommend', 'avoid', 'conclude', 'import', 'test', 'given', 'expect', 'true', 'false',
]);

/** Keywords only where the grammar expects them; coloured as keywords after the word that introduces them. */
const TYPES = new Set(['bool', 'number', 'one', 'any', 'of', 'count', 'unless', 'has', 'priority', 'fires', 'undetermined', 'missing', 'withheld', 'unknown']);
const PRIORITIES = new Set(['urgent', 'high', 'normal', 'low']);

interface State { afterPriority: boolean }

/** The token class of the next token of <paramref name="stream"/>, as CodeMirror's legacy names. */
export function nextToken(stream: StringStream, state: State): string | null {
  if (stream.eatSpace()) return null;
  if (stream.peek() === '#') {
    stream.skipToEnd();
    return 'comment';
  }
  if (stream.eat('"')) {
    let escaped = false;
    let ch: string | void;
    while ((ch = stream.next()) !== undefined) {
      if (ch === '"' && !escaped) break;
      escaped = !escaped && ch === '\\';
    }
    return 'string';
  }
  if (stream.match(/^\d+(\.\d+)?/)) return 'number';
  if (stream.match('..') || stream.match(/^(<=|>=|!=|[<>=+\-*/])/)) return 'operator';
  if (stream.match(/^[A-Za-z_][A-Za-z0-9_]*/)) {
    const word = stream.current();
    const wasPriority = state.afterPriority;
    state.afterPriority = word === 'priority';
    if (RESERVED.has(word)) return word === 'true' || word === 'false' ? 'atom' : 'keyword';
    if (wasPriority && PRIORITIES.has(word)) return 'atom';
    if (TYPES.has(word)) return 'keyword';
    return 'variableName';
  }
  stream.next();
  return 'punctuation';
}

export const rulesLanguage = StreamLanguage.define<State>({
  name: 'rules',
  startState: () => ({ afterPriority: false }),
  token: nextToken,
  languageData: { commentTokens: { line: '#' } },
});
