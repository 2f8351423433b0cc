// The `test` blocks of .rules files and the results of `rules test --format json`, for VS Code's
// Testing view. Free of the `vscode` module.
import * as path from 'path';

/** A `test "name":` block found in a file's text. Lines and columns are 0-based. */
export interface DiscoveredTest {
  name: string;
  line: number;
  column: number;
  /** 0 for the first test of that name in the file, 1 for the second, ... */
  occurrence: number;
}

/** The text of a rules string literal without its quotes: `\"` and `\\` are the only escapes. */
export function unescapeRulesString(body: string): string {
  return body.replace(/\\(["\\])/g, '$1');
}

/**
 * Finds the test blocks of a file. `test` is a reserved word, so outside strings and comments it can
 * only start a test; the text is scanned token by token so that `test` inside a string or a comment
 * is not taken for one.
 */
export function discoverTests(text: string): DiscoveredTest[] {
  const tests: DiscoveredTest[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, lineIndex) => {
    let i = 0;
    while (i < line.length) {
      const ch = line[i];
      if (ch === '#') break;
      if (ch === '"') {
        const end = stringEnd(line, i);
        i = end;
        continue;
      }
      if (/[a-z]/i.test(ch) && (i === 0 || !/[A-Za-z0-9_]/.test(line[i - 1]))) {
        const word = /^[A-Za-z0-9_]+/.exec(line.slice(i))![0];
        if (word === 'test') {
          const rest = /^\s*"((?:[^"\\]|\\.)*)"/.exec(line.slice(i + 4));
          if (rest) {
            const name = unescapeRulesString(rest[1]);
            const occurrence = seen.get(name) ?? 0;
            seen.set(name, occurrence + 1);
            tests.push({ name, line: lineIndex, column: i, occurrence });
          }
        }
        i += word.length;
        continue;
      }
      i++;
    }
  });
  return tests;
}

function stringEnd(line: string, start: number): number {
  let i = start + 1;
  while (i < line.length) {
    if (line[i] === '\\') i += 2;
    else if (line[i] === '"') return i + 1;
    else i++;
  }
  return line.length;
}

/** A stable id for a test item: the file and the name (and which one, if a name repeats). */
export function testId(file: string, name: string, occurrence = 0): string {
  return `${file}::${name}${occurrence ? `::${occurrence}` : ''}`;
}

export interface TestFailure {
  expectation: string;
  file: string;
  line: number;
  column: number;
  message: string;
  rules?: unknown[];
}

export interface TestOutcome {
  name: string;
  file: string;
  line: number;
  column: number;
  passed: boolean;
  failures: TestFailure[];
}

export interface TestRun {
  tests: TestOutcome[];
  passed: number;
  failed: number;
}

/** Parses the JSON document of `rules test --format json`. Throws on anything else. */
export function parseTestRun(stdout: string): TestRun {
  const data = JSON.parse(stdout);
  if (!data || !Array.isArray(data.tests)) throw new Error('not the output of rules test --format json: no "tests" array');
  const tests: TestOutcome[] = data.tests.map((t: any) => ({
    name: String(t.name),
    file: String(t.file),
    line: Number(t.line),
    column: Number(t.column),
    passed: Boolean(t.passed),
    failures: Array.isArray(t.failures)
      ? t.failures.map((f: any) => ({
          expectation: String(f.expectation ?? ''),
          file: String(f.file ?? t.file),
          line: Number(f.line ?? t.line),
          column: Number(f.column ?? 1),
          message: String(f.message ?? ''),
          rules: Array.isArray(f.rules) ? f.rules : [],
        }))
      : [],
  }));
  return { tests, passed: Number(data.passed ?? tests.filter((t) => t.passed).length), failed: Number(data.failed ?? tests.filter((t) => !t.passed).length) };
}

/** Paths in the CLI's output are relative to the folder it ran in. */
export function resolveOutputPath(file: string, cwd: string): string {
  return path.resolve(cwd, file);
}

/**
 * Pairs each outcome with the test id it belongs to: by file and name, the n-th outcome of a name
 * in a file going with the n-th test of that name.
 */
export function outcomesById(run: TestRun, cwd: string): Map<string, TestOutcome> {
  const result = new Map<string, TestOutcome>();
  const counts = new Map<string, number>();
  for (const outcome of run.tests) {
    const file = resolveOutputPath(outcome.file, cwd);
    const key = `${file}::${outcome.name}`;
    const occurrence = counts.get(key) ?? 0;
    counts.set(key, occurrence + 1);
    result.set(testId(file, outcome.name, occurrence), outcome);
  }
  return result;
}

/** The text shown for a failed test: one block per failed expectation. */
export function failureText(failure: TestFailure): string {
  return `${failure.expectation}\n${failure.message}`;
}

/** Summary line, like the CLI's own. */
export function summary(run: TestRun): string {
  return `${run.passed} passed, ${run.failed} failed`;
}
