import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { StringStream } from '@codemirror/language';
import { nextToken } from '../../src/highlight';

function tokens(line: string): [string, string][] {
  const stream = new StringStream(line, 2, 2);
  const state = { afterPriority: false };
  const out: [string, string][] = [];
  while (!stream.eol()) {
    stream.start = stream.pos;
    const style = nextToken(stream, state);
    if (style) out.push([stream.current(), style]);
  }
  return out;
}

describe('highlighting', () => {
  it('colours keywords, names, numbers, strings, operators and comments as the TextMate grammar does', () => {
    assert.deepEqual(tokens('rule r: if pain_score >= 5 and not known fever then recommend rest # why'), [
      ['rule', 'keyword'], ['r', 'variableName'], [':', 'punctuation'], ['if', 'keyword'], ['pain_score', 'variableName'],
      ['>=', 'operator'], ['5', 'number'], ['and', 'keyword'], ['not', 'keyword'], ['known', 'keyword'], ['fever', 'variableName'],
      ['then', 'keyword'], ['recommend', 'keyword'], ['rest', 'variableName'], ['# why', 'comment']]);
  });

  it('knows a priority only after "priority", and strings with escaped quotes', () => {
    assert.deepEqual(tokens('recommendation rest "say \\"hi\\"" priority high'), [
      ['recommendation', 'keyword'], ['rest', 'variableName'], ['"say \\"hi\\""', 'string'], ['priority', 'keyword'], ['high', 'atom']]);
    assert.deepEqual(tokens('fact high: bool'), [['fact', 'keyword'], ['high', 'variableName'], [':', 'punctuation'], ['bool', 'keyword']]);
  });
});
