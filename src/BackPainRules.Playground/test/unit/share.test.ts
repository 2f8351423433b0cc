import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { decodeState, encodeState } from '../../src/share';

describe('the shared link', () => {
  it('holds the rule text and the answers, and gives them back', () => {
    const state = { text: 'fact café: bool "Ünïcode ✓"\n# comment', answers: { 'café': true, pain_score: 6.5, bothersomeness: 'slightly', runs: ['easy_runs'] } };
    const fragment = encodeState(state);
    assert.match(fragment, /^s=[A-Za-z0-9_-]+$/, 'URL-safe, nothing to escape');
    assert.deepEqual(decodeState('#' + fragment), { file: undefined, ...state });
  });

  it('refers to a served file instead of copying it when the text is unchanged', () => {
    const fragment = encodeState({ file: 'builtin:lower-back-pain.rules', answers: {} });
    assert.deepEqual(decodeState(fragment), { file: 'builtin:lower-back-pain.rules', text: undefined, answers: {} });
  });

  it('reads nothing from a damaged or foreign fragment, and drops answers of the wrong shape', () => {
    assert.equal(decodeState('#s=!!!'), null);
    assert.equal(decodeState('#other=1'), null);
    assert.equal(decodeState('#s=' + Buffer.from('not json').toString('base64url')), null);
    const odd = Buffer.from(JSON.stringify({ a: { ok: true, bad: { x: 1 }, list: [1, 2] } })).toString('base64url');
    assert.deepEqual(decodeState('#s=' + odd)?.answers, { ok: true });
  });
});
