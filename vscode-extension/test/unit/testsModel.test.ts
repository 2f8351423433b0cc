import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { discoverTests, failureText, outcomesById, parseTestRun, summary, testId, unescapeRulesString } from '../../src/testsModel';

describe('discoverTests', () => {
  it('finds each test block with its line and column', () => {
    const text = [
      'fact a: bool',
      'test "first":',
      '  given a',
      '  test "second" :',
      '',
      'test"third":',
    ].join('\n');
    assert.deepEqual(discoverTests(text), [
      { name: 'first', line: 1, column: 0, occurrence: 0 },
      { name: 'second', line: 3, column: 2, occurrence: 0 },
      { name: 'third', line: 5, column: 0, occurrence: 0 },
    ]);
  });

  it('ignores `test` in comments, strings and longer names', () => {
    const text = [
      '# test "not a test":',
      'recommendation r "a test \\"quoted\\": test"  # test "x":',
      'fact contest: bool',
      'fact test_result: bool',
      'if contest then recommend r because "test \\"y\\""',
    ].join('\r\n');
    assert.deepEqual(discoverTests(text), []);
  });

  it('unescapes names and numbers repeated names', () => {
    const text = 'test "say \\"hi\\" \\\\ twice":\ntest "dup":\ntest "dup":';
    const tests = discoverTests(text);
    assert.equal(tests[0].name, 'say "hi" \\ twice');
    assert.deepEqual(tests.slice(1).map((t) => t.occurrence), [0, 1]);
    assert.notEqual(testId('/f.rules', 'dup', 0), testId('/f.rules', 'dup', 1));
    assert.equal(unescapeRulesString('a\\"b\\\\c'), 'a"b\\c');
  });
});

// The shape printed by `rules test --format json` (see the end-to-end tests for the real thing).
const output = JSON.stringify({
  tests: [
    { name: 'passes', file: 'sub/a.rules', line: 3, column: 6, passed: true, failures: [] },
    {
      name: 'fails', file: 'sub/a.rules', line: 7, column: 6, passed: false,
      failures: [{ expectation: 'expect recommend r', file: 'sub/a.rules', line: 9, column: 3, message: "'r' was not recommended; recommended: none", rules: [] }],
    },
    { name: 'fails', file: 'sub/a.rules', line: 12, column: 6, passed: true, failures: [] },
  ],
  coverage: { percent: 100, rules: [] },
  passed: 2,
  failed: 1,
});

describe('parseTestRun', () => {
  it('reads tests, failures and counts', () => {
    const run = parseTestRun(output);
    assert.equal(run.tests.length, 3);
    assert.equal(run.passed, 2);
    assert.equal(run.failed, 1);
    assert.equal(run.tests[1].failures[0].line, 9);
    assert.equal(summary(run), '2 passed, 1 failed');
    assert.equal(failureText(run.tests[1].failures[0]), "expect recommend r\n'r' was not recommended; recommended: none");
  });

  it('pairs outcomes with test ids by absolute file, name and occurrence', () => {
    const cwd = path.join(path.sep, 'ws');
    const ids = outcomesById(parseTestRun(output), cwd);
    const file = path.join(cwd, 'sub', 'a.rules');
    assert.equal(ids.get(testId(file, 'passes'))?.passed, true);
    assert.equal(ids.get(testId(file, 'fails', 0))?.passed, false);
    assert.equal(ids.get(testId(file, 'fails', 1))?.passed, true);
  });

  it('rejects output that is not a test run', () => {
    assert.throws(() => parseTestRun(''));
    assert.throws(() => parseTestRun('{"profile":"x"}'), /no "tests" array/);
  });
});
