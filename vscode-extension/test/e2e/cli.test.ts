// The extension's use of the `rules` command, against the real program: the Testing view's model,
// the evaluation page, the profile schema, the graph, the .NET check, the grammar tests and snippets.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import * as textmate from 'vscode-textmate';
import { parseDiagnostics, runCli } from '../../src/cli';
import { checkDotnet } from '../../src/dotnet';
import { parseEvaluations, renderEvaluationPage } from '../../src/evaluationView';
import { graphArgs } from '../../src/graphView';
import { isProfilePath, rulesArgs, schemaArgs, schemaFromOutput } from '../../src/profileSchema';
import { discoverTests, outcomesById, parseTestRun, testId } from '../../src/testsModel';
import { examples, extensionRoot, grammarTests, readJson } from '../support/paths';
import { serverCommand } from '../support/server';
import { expandSnippet } from '../support/snippets';
import { loadGrammar } from '../support/textmate';

const server = serverCommand();

describe('the Testing view model with rules test --format json', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-tests-'));
  const file = path.join(folder, 'cases.rules');
  before(() => {
    fs.writeFileSync(file, [
      'fact overstride: bool',
      'recommendation cadence_drill "Raise cadence"',
      'recommendation lumbar_support "Lumbar support"',
      'rule short_steps:',
      '  if overstride',
      '  then recommend cadence_drill',
      '',
      'test "an overstrider gets cadence work":',
      '  given overstride',
      '  expect recommend cadence_drill',
      '',
      'test "a \\"wrong\\" expectation":',
      '  given overstride',
      '  expect recommend lumbar_support',
      '',
    ].join('\n'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('gives every discovered test block its result, failures with their lines', async () => {
    const result = await runCli(server, ['test', file, '--format', 'json'], { cwd: folder });
    assert.equal(result.code, 1, 'a failing test fails the run');
    const run = parseTestRun(result.stdout);
    assert.deepEqual([run.passed, run.failed], [1, 1]);
    const outcomes = outcomesById(run, folder);
    const discovered = discoverTests(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(discovered.map((t) => t.name), ['an overstrider gets cadence work', 'a "wrong" expectation']);
    const [passing, failing] = discovered.map((t) => outcomes.get(testId(file, t.name, t.occurrence)));
    assert.equal(passing?.passed, true);
    assert.equal(failing?.passed, false);
    assert.equal(failing?.line, discovered[1].line + 1, 'the CLI counts lines from 1');
    assert.equal(failing?.failures[0].line, 14);
    assert.match(failing!.failures[0].message, /lumbar_support/);
  });

  it('reports a file that does not check as diagnostics on stderr', async () => {
    const broken = path.join(folder, 'broken.rules');
    fs.writeFileSync(broken, 'fact a: bool\nif b then recommend r\ntest "t":\n  given a\n');
    const result = await runCli(server, ['test', broken, '--format', 'json'], { cwd: folder });
    assert.equal(result.code, 1);
    const errors = parseDiagnostics(result.stderr);
    assert.ok(errors.some((d) => d.code === 'BPR101' && path.resolve(folder, d.file) === broken && d.line === 2), result.stderr);
    fs.rmSync(broken);
  });

  it('runs the built-in clinical cases', async () => {
    const result = await runCli(server, ['test', path.join(examples, 'lower-back-pain-tests.rules'), '--format', 'json'], { cwd: path.dirname(examples) });
    assert.equal(result.code, 0, result.stderr);
    const run = parseTestRun(result.stdout);
    const discovered = discoverTests(fs.readFileSync(path.join(examples, 'lower-back-pain-tests.rules'), 'utf8'));
    assert.equal(run.tests.length, discovered.length);
    assert.equal(run.failed, 0);
  });
});

describe('Evaluate profile', () => {
  it('renders the explained result of an example profile', async () => {
    const profile = path.join(examples, 'profiles', 'overstrider-tight-quads.json');
    const result = await runCli(server, ['eval', '--explain', '--format', 'json', profile, ...rulesArgs([path.join(examples, 'lower-back-pain.rules')])]);
    assert.equal(result.code, 0, result.stderr);
    const [evaluation] = parseEvaluations(result.stdout);
    const expected = readJson(path.join(examples, 'profiles', 'overstrider-tight-quads.expected.json'));
    assert.deepEqual(evaluation.recommendations.map((r) => r.id), expected.recommendations.map((r: any) => r.id));
    assert.ok(evaluation.explanation?.fired?.length);
    const page = renderEvaluationPage({ title: 'Evaluation', stdout: result.stdout, stderr: result.stderr, cspSource: 'x' });
    for (const r of evaluation.recommendations) assert.ok(page.includes(r.id));
    assert.ok(page.includes(evaluation.explanation!.fired![0].rule));
  });

  it('shows a bad profile as a problem', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-eval-'));
    const profile = path.join(folder, 'bad.json');
    fs.writeFileSync(profile, '{"cadence": 2500}');
    const result = await runCli(server, ['eval', '--explain', '--format', 'json', profile], { cwd: folder });
    assert.equal(result.code, 1);
    const page = renderEvaluationPage({ title: 'Evaluation', stdout: result.stdout, stderr: result.stderr, cspSource: 'x' });
    assert.match(page, /BPR304/);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

describe('profile schema and graph', () => {
  it('validates the example profiles: every key is a property of the schema', async () => {
    const result = await runCli(server, schemaArgs([examples]));
    assert.equal(result.code, 0, result.stderr);
    const schema = JSON.parse(schemaFromOutput(result.stdout));
    const profiles = fs.readdirSync(path.join(examples, 'profiles')).map((f) => path.join(examples, 'profiles', f)).filter((f) => isProfilePath(f));
    assert.ok(profiles.length >= 5);
    for (const profile of profiles) {
      for (const key of Object.keys(readJson(profile))) assert.ok(key in schema.properties, `${path.basename(profile)}: ${key}`);
    }
  });

  it('draws the rule set as Mermaid', async () => {
    const result = await runCli(server, graphArgs([path.join(examples, 'lower-back-pain.rules')]));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^flowchart/);
    assert.match(result.stdout, /see_physician/);
  });
});

describe('the .NET check', () => {
  it('passes for the real server', async () => {
    assert.deepEqual(await checkDotnet(server), { ok: true });
  });
  it('explains a missing dotnet and a missing server', async () => {
    const missingDotnet = await checkDotnet({ ...server, command: path.join(os.tmpdir(), 'no-such-dotnet') });
    assert.equal(missingDotnet.ok, false);
    assert.equal(!missingDotnet.ok && missingDotnet.problem, 'notFound');
    const noServer = await checkDotnet({ ...server, dll: path.join(os.tmpdir(), 'nothing', 'rules.dll'), source: 'bundled' });
    assert.equal(!noServer.ok && noServer.problem, 'noServer');
  });
});

describe('grammar tests and snippets are real rules', () => {
  it('every grammar test file but invalid.rules checks without errors', async () => {
    for (const file of fs.readdirSync(grammarTests).filter((f) => f.endsWith('.rules') && f !== 'invalid.rules')) {
      const result = await runCli(server, ['check', path.join(grammarTests, file)]);
      assert.equal(result.code, 0, `${file}: ${result.stdout}${result.stderr}`);
    }
  });

  it('the checker reports an error wherever the grammar marks something invalid', async () => {
    const file = path.join(grammarTests, 'invalid.rules');
    const result = await runCli(server, ['check', file]);
    const errors = parseDiagnostics(result.stdout + result.stderr).filter((d) => d.severity === 'error');
    const grammar = await loadGrammar();
    let state = textmate.INITIAL;
    const invalid: string[] = [];
    fs.readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, index) => {
      const tokens = grammar.tokenizeLine(line, state);
      state = tokens.ruleStack;
      for (const token of tokens.tokens) if (token.scopes.some((s) => s.startsWith('invalid.'))) invalid.push(`${index + 1}:${token.startIndex + 1}`);
    });
    assert.ok(invalid.length >= 4);
    for (const position of invalid) assert.ok(errors.some((e) => `${e.line}:${e.column}` === position), `no error at ${position}: ${result.stdout}${result.stderr}`);
  });

  it('the snippets, with their defaults, make a file that checks and whose test passes', async () => {
    const snippets = readJson(path.join(extensionRoot, 'snippets', 'rules.json'));
    const order = [
      'Fact (yes/no)', 'Fact (number)', 'Fact (one of)', 'Fact (any of)', 'Score', 'Recommendation', 'Recommendation (unless)',
      'Rule', 'Test', 'Test (withheld and score)',
    ];
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-snippets-'));
    const file = path.join(folder, 'snippets.rules');
    // What the snippets name but do not declare: the red flag of the unless, and a rule that recommends core work.
    const glue = ['fact red_flag: bool "A red flag"', 'if load_signs >= 1 then recommend core_work'];
    fs.writeFileSync(file, order.map((name) => expandSnippet(snippets[name].body)).concat(glue).join('\n') + '\n');
    const check = await runCli(server, ['check', file]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const test = await runCli(server, ['test', file, '--format', 'json']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.equal(parseTestRun(test.stdout).passed, 2);
    fs.rmSync(folder, { recursive: true, force: true });
  });
});
