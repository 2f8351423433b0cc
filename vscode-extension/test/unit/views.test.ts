import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { parseDiagnostics } from '../../src/cli';
import { askNextSection, parseEvaluations, renderCondition, renderEvaluation, renderEvaluationPage } from '../../src/evaluationView';
import { graphArgs, graphTitle, renderGraphPage } from '../../src/graphView';
import { describePaths, relativeName } from '../../src/names';
import { escapeHtml, makeNonce } from '../../src/html';

const line = JSON.stringify({
  profile: 'runner-<17>',
  recommendations: [{ id: 'cadence_drill', text: 'Raise cadence <5-10%>', priority: 'high', rules: ['short_steps'] }],
  avoid: [{ id: 'static_stretch', text: null, priority: 'normal', rules: ['no_static'] }],
  concluded: ['overstriding'],
  fired: ['short_steps'],
  undetermined: [{ rule: 'core_rule', missing: ['plank_seconds'] }],
  warnings: [{ code: 'BPR306', message: "'x' is not a fact of this rule set; ignored" }],
  explanation: {
    fired: [{
      rule: 'short_steps', truth: 'true', because: 'Overstriding strains the back', missing: [],
      condition: {
        text: 'overstride or cadence < 160', truth: 'true', facts: [],
        parts: [
          { text: 'overstride', truth: 'unknown', facts: [{ fact: 'overstride', value: 'unknown', source: 'unknown' }], parts: [] },
          { text: 'cadence < 160', truth: 'true', facts: [{ fact: 'cadence', value: '152', source: 'given' }], parts: [] },
        ],
      },
    }],
    undetermined: [{ rule: 'core_rule', truth: 'unknown', because: null, missing: ['plank_seconds'], condition: { text: 'plank_seconds < 60', truth: 'unknown', facts: [], parts: [] } }],
    concluded: [{ fact: 'overstriding', rules: [{ rule: 'overstride_low_cadence', because: 'slow turnover', from: [{ fact: 'sits_a_lot', rules: [{ rule: 'desk', because: null, from: [] }] }] }] }],
  },
});

describe('the evaluation view', () => {
  it('opens with Ask next, shows withheld advice with what it waits for, and the scores', () => {
    const result = JSON.parse(line);
    result.withheld = [{ id: 'core_work', text: 'Core <work>', priority: 'high', rules: ['core_rule'], missing: ['fever', 'night_pain'] },
      { id: 'massage', text: null, priority: 'low', rules: ['m'], missing: [] }];
    result.scores = [{ id: 'total', value: 3, min: 3, max: 3 }, { id: 'psych', value: null, min: 1, max: 4 }];
    result.explanation.ask_next = [
      { fact: 'fever', question: 'Fever <38°C>', priority: 'urgent', decides: ['infection'], withheld: ['core_work'] },
      { fact: 'plank_seconds', question: 'plank_seconds', priority: 'high', decides: ['core_rule'], withheld: [] },
      { fact: 'weeks_pregnant', question: 'Weeks of pregnancy', priority: null, decides: ['belt'], withheld: [] },
    ];
    const html = renderEvaluation(result);
    const ask = html.indexOf('<h3>Ask next</h3>');
    assert.ok(ask > 0 && ask < html.indexOf('<h3>Recommendations</h3>'), 'Ask next comes before the advice');
    assert.match(html, /<li><span class="badge urgent">urgent<\/span> Fever &lt;38°C&gt; <span class="muted">\(<code>fever<\/code>\)<\/span><\/li>/);
    assert.match(html, /<li><span class="badge high">high<\/span> plank_seconds<\/li>/, 'a question without a description is asked by its name');
    assert.doesNotMatch(html, /Weeks of pregnancy/, 'a question that cannot change the advice is counted, not asked');
    assert.match(html, /and 1 more question that cannot change the advice now/);
    assert.match(html, /<code>core_work<\/code><\/td><td>Core &lt;work&gt;<\/td><td class="muted">waiting for <code>fever<\/code>, <code>night_pain<\/code>/);
    assert.match(html, /<code>massage<\/code>.*contraindicated/);
    assert.match(html, /<code>total<\/code> = 3, <code>psych<\/code> = 1\.\.4/);
    // When no question can change the advice, all are listed.
    assert.match(askNextSection([{ fact: 'a', question: 'A?', priority: null, decides: [], withheld: [] }]), /<li>A\? <span class="muted">/);
    assert.equal(askNextSection([]), '');
  });

  it('parses one result per NDJSON line', () => {
    const results = parseEvaluations(`${line}\n\n${line}\r\n`);
    assert.equal(results.length, 2);
    assert.equal(results[0].profile, 'runner-<17>');
    assert.throws(() => parseEvaluations('{"tests":[]}'), /not an evaluation result/);
  });

  it('shows advice, avoidances, warnings, fired and undetermined rules and conclusion chains', () => {
    const html = renderEvaluation(parseEvaluations(line)[0]);
    for (const text of ['cadence_drill', 'static_stretch', 'BPR306', 'short_steps', 'Overstriding strains the back', 'core_rule', 'plank_seconds', 'overstride_low_cadence', 'sits_a_lot', 'desk']) {
      assert.ok(html.includes(text), `missing ${text}`);
    }
    assert.match(html, /<code>cadence<\/code> = 152, given/);
    assert.match(html, /class="truth-unknown">unknown/);
    assert.match(html, /class="badge high">high/);
  });

  it('escapes everything that comes from the rules and the profile', () => {
    const html = renderEvaluation(parseEvaluations(line)[0]);
    assert.ok(html.includes('runner-&lt;17&gt;'));
    assert.ok(html.includes('Raise cadence &lt;5-10%&gt;'));
    assert.ok(!html.includes('<17>'));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('renders nested conditions as a tree', () => {
    const html = renderCondition({ text: 'a and b', truth: 'false', facts: [], parts: [{ text: 'a', truth: 'false', facts: [{ fact: 'a', value: 'false', source: 'given' }], parts: [] }] });
    assert.match(html, /<code>a and b<\/code> is <span class="truth-false">false<\/span><ul class="tree"><li><code>a<\/code>/);
  });

  it('is a page without scripts that lists the problems on stderr', () => {
    const stderr = "bad.json:2:13: error BPR304: fact 'cadence': 250 is outside the declared range 120..220\n";
    const page = renderEvaluationPage({ title: 'Evaluation: bad.json', stdout: line, stderr, cspSource: 'vscode-resource:' });
    assert.match(page, /default-src 'none'/);
    assert.ok(!/<script/i.test(page));
    assert.match(page, /BPR304/);
    assert.match(page, /bad\.json:2:13/);
    const broken = renderEvaluationPage({ title: 't', stdout: 'garbage', stderr: '', cspSource: 'x' });
    assert.match(broken, /could not be read/);
    const empty = renderEvaluationPage({ title: 't', stdout: '', stderr: 'crash', cspSource: 'x' });
    assert.match(empty, /No profile was evaluated/);
    assert.match(empty, /crash/);
  });

  it('reads CLI diagnostics', () => {
    assert.deepEqual(parseDiagnostics('a b.rules:3:14: warning BPR201: fact \'x\' is never used\nsummary line'), [
      { file: 'a b.rules', line: 3, column: 14, severity: 'warning', code: 'BPR201', message: "fact 'x' is never used" },
    ]);
  });
});

describe('the graph view', () => {
  it('asks rules graph for Mermaid over the rule set', () => {
    assert.deepEqual(graphArgs(['/ws/a.rules']), ['graph', '--rules', '/ws/a.rules', '--format', 'mermaid']);
    assert.deepEqual(graphArgs(['/a', '/b'], 'dot'), ['graph', '--rules', '/a', '--rules', '/b', '--format', 'dot']);
  });

  it('loads only the shipped Mermaid script, with a nonce, and escapes the source', () => {
    const nonce = makeNonce(() => 0.5);
    assert.equal(nonce.length, 32);
    const page = renderGraphPage({ title: 'Rule graph', mermaid: 'flowchart LR\n  f_a(["a"]) --> r_b[["<b>"]]\n', scriptUri: 'vscode-webview://x/mermaid.min.js', cspSource: 'vscode-webview://x', nonce });
    assert.match(page, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.equal((page.match(new RegExp(`<script nonce="${nonce}"`, 'g')) ?? []).length, 2);
    assert.ok(page.includes('src="vscode-webview://x/mermaid.min.js"'));
    assert.ok(page.includes('f_a([&quot;a&quot;]) --&gt; r_b[[&quot;&lt;b&gt;&quot;]]'));
    assert.ok(!page.includes('<b>'));
  });
});

describe('names in panel titles', () => {
  const folder = { name: 'clinic-rules', fsPath: '/home/ana/work/clinic-rules' };

  it('names the workspace folder itself by its name, not its absolute path', () => {
    assert.equal(relativeName('/home/ana/work/clinic-rules', [folder], '/home/ana', '/'), 'clinic-rules');
    assert.equal(relativeName('/home/ana/work/clinic-rules/', [folder], '/home/ana', '/'), 'clinic-rules', 'with a trailing separator too');
    assert.equal(graphTitle(describePaths(['/home/ana/work/clinic-rules'], [folder], '/home/ana', '/')), 'Rule graph: clinic-rules');
  });

  it('gives files and folders inside the workspace relative to it, with /', () => {
    assert.equal(relativeName('/home/ana/work/clinic-rules/rules/back.rules', [folder], undefined, '/'), 'rules/back.rules');
    assert.equal(relativeName('C:\\work\\clinic\\profiles\\a.json', [{ name: 'clinic', fsPath: 'C:\\work\\clinic' }], undefined, '\\'), 'profiles/a.json');
    assert.equal(describePaths(['/home/ana/work/clinic-rules/a.rules', '/home/ana/work/clinic-rules/b'], [folder], undefined, '/'), 'a.rules, b');
  });

  it('does not take a sibling folder with the same prefix for the workspace', () => {
    assert.equal(relativeName('/home/ana/work/clinic-rules-old/a.rules', [folder], '/home/ana', '/'), '~/work/clinic-rules-old/a.rules');
  });

  it('prefixes the folder name in a workspace of several folders', () => {
    const other = { name: 'startback', fsPath: '/srv/startback' };
    assert.equal(relativeName('/srv/startback/s.rules', [folder, other], undefined, '/'), 'startback/s.rules');
    assert.equal(relativeName('/srv/startback', [folder, other], undefined, '/'), 'startback');
  });

  it('shortens paths outside the workspace under the home folder, and leaves others as they are', () => {
    assert.equal(relativeName('/home/ana/profiles/p.json', [folder], '/home/ana', '/'), '~/profiles/p.json');
    assert.equal(relativeName('/tmp/p.json', [folder], '/home/ana', '/'), '/tmp/p.json');
    assert.equal(relativeName('/tmp/p.json', [], undefined, '/'), '/tmp/p.json');
  });
});
