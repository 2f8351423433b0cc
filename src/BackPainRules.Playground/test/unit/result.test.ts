import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { openQuestions, renderProblems, renderResult, type Result } from '../../src/result';

const result: Result = {
  profile: 'playground',
  recommendations: [{ id: 'seek_emergency_care', text: 'Go to an emergency department <today>', priority: 'urgent', rules: ['cauda_equina_signs'] }],
  avoid: [{ id: 'static_stretch', text: null, priority: 'normal', rules: ['no_static'] }],
  withheld: [{ id: 'core_work', text: 'Core work', priority: 'high', rules: ['core'], missing: ['fever', 'night_pain'] },
    { id: 'massage', text: 'Massage', priority: 'low', rules: ['m'], missing: [] }],
  concluded: ['red_flag'],
  scores: [{ id: 'total', value: 3, min: 3, max: 3 }, { id: 'psych', value: null, min: 1, max: 4 }, { id: 'ratio', value: null, min: null, max: null }],
  fired: ['cauda_equina_signs'],
  undetermined: [],
  warnings: [],
  explanation: {
    ask_next: [
      { fact: 'fever', question: 'Fever over 38°C', priority: 'urgent', decides: [], withheld: ['core_work'] },
      { fact: 'weeks_pregnant', question: 'Weeks of pregnancy', priority: null, decides: ['belt'], withheld: [] },
    ],
  },
};

describe('the result', () => {
  const html = renderResult(result, 'Profile playground\n  Why these rules fired:');

  it('asks next first, then gives the advice by priority with its colour class', () => {
    assert.ok(html.indexOf('Ask next') < html.indexOf('Recommended'));
    assert.match(html, /<a href="#fact-fever" class="ask" data-fact="fever">Fever over 38°C<\/a>/);
    assert.doesNotMatch(html, /Weeks of pregnancy/);
    assert.match(html, /and 1 more question that cannot change the advice now/);
    assert.match(html, /<li class="item priority-urgent" data-id="seek_emergency_care"><span class="badge priority-urgent">urgent<\/span> <span class="advice">Go to an emergency department &lt;today&gt;<\/span>/);
    assert.match(html, /<h3 id="avoid">Avoid<\/h3>.*static_stretch/s);
  });

  it('shows withheld advice with the questions it waits for, and the scores as values or ranges', () => {
    assert.match(html, /waiting for: <a href="#fact-fever" class="ask" data-fact="fever">fever<\/a>, <a href="#fact-night_pain"/);
    assert.match(html, /contraindicated: its <code>unless<\/code> holds/);
    assert.deepEqual([...openQuestions(result)], ['fever', 'night_pain']);
    assert.equal(openQuestions(null).size, 0);
    assert.match(html, /<code>total<\/code> = <span class="score-value">3<\/span>/);
    assert.match(html, /<code>psych<\/code> = <span class="score-value">1\.\.4<\/span>/);
    assert.match(html, /<code>ratio<\/code> = <span class="score-value">unknown<\/span>/);
  });

  it('folds the reasoning below, and lists the errors when the rules cannot be evaluated', () => {
    assert.match(html, /<details class="reasoning"><summary>Why/);
    const problems = renderProblems([{ code: 'BPR101', severity: 'error', message: "fact 'x' is not declared", line: 3, column: 7 },
      { code: 'BPR201', severity: 'warning', message: 'unused', line: 1, column: 1 }]);
    assert.match(problems, /<span class="pos">3:7<\/span> <code>BPR101<\/code> fact &#39;x&#39; is not declared/);
    assert.doesNotMatch(problems, /BPR201/);
  });
});
