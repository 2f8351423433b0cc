import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { fieldsOf, isValid, keepAnswers, profileOf, renderForm } from '../../src/form';

// The shape `rules schema` writes (draft 2020-12), as for the built-in rule set.
const schema = {
  properties: {
    $id: { type: 'string', description: 'Names the profile in results.' },
    pregnant: { type: ['boolean', 'null'], description: 'The runner is pregnant' },
    pain_score: { type: ['number', 'null'], minimum: 0, maximum: 10, description: 'Back pain from 0 to 10' },
    sb_bothersomeness: { enum: ['not_at_all', 'slightly', 'extremely', null], description: 'How bothersome <the> pain has been' },
    pain_during: { type: ['array', 'null'], items: { enum: ['easy_runs', 'long_runs'] }, uniqueItems: true },
  },
};

describe('the form', () => {
  const fields = fieldsOf(schema);

  it('has one field per input fact, in the schema order, with the question in the rule set\'s words', () => {
    assert.deepEqual(fields.map((f) => [f.name, f.kind]), [['pregnant', 'bool'], ['pain_score', 'number'], ['sb_bothersomeness', 'one'], ['pain_during', 'any']]);
    assert.equal(fields[0].label, 'The runner is pregnant');
    assert.equal(fields[3].label, 'pain_during', 'a fact without a description is asked by its name');
    assert.deepEqual([fields[1].min, fields[1].max], [0, 10]);
    assert.deepEqual(fields[2].values, ['not_at_all', 'slightly', 'extremely']);
    assert.deepEqual(fields[3].values, ['easy_runs', 'long_runs']);
  });

  it('sends only answered, valid fields: not answered is unknown, never "no" or 0', () => {
    const profile = profileOf(fields, { pregnant: false, pain_score: 11, sb_bothersomeness: 'slightly', pain_during: [] }, 'p');
    assert.deepEqual(profile, { $id: 'p', pregnant: false, sb_bothersomeness: 'slightly', pain_during: [] });
    assert.deepEqual(profileOf(fields, {}), { $id: 'playground' });
    assert.equal(isValid(fields[1], 10), true);
    assert.equal(isValid(fields[1], -1), false);
    assert.equal(isValid(fields[2], 'very'), false);
    assert.equal(isValid(fields[3], ['easy_runs', 'sprints']), false);
  });

  it('keeps the answers of fields that are still there when the rule text changes', () => {
    const fewer = fieldsOf({ properties: { pregnant: schema.properties.pregnant, pain_score: { type: 'number', minimum: 0, maximum: 5 } } });
    assert.deepEqual(keepAnswers(fewer, { pregnant: true, pain_score: 8, pain_during: ['easy_runs'] }), { pregnant: true });
  });

  it('labels every control, offers "not answered" for every kind, and highlights open questions', () => {
    const html = renderForm(fields, { pregnant: true, sb_bothersomeness: 'extremely' }, new Set(['pain_score']));
    assert.match(html, /<fieldset class="field" data-fact="pregnant" data-kind="bool"><legend>The runner is pregnant <code class="fact-name">pregnant<\/code><\/legend>/);
    assert.match(html, /value="yes" checked> Yes/);
    assert.match(html, /value=""> Not answered/);
    assert.match(html, /<div class="field open-question" data-fact="pain_score" data-kind="number"><label for="fact-pain_score">/);
    assert.match(html, /<input type="number" id="fact-pain_score" step="any" min="0" max="10" value="" placeholder="not answered">/);
    assert.match(html, /<label for="fact-sb_bothersomeness">How bothersome &lt;the&gt; pain has been/);
    assert.match(html, /<option value="">Not answered<\/option>/);
    assert.match(html, /<option value="extremely" selected>extremely<\/option>/);
    assert.match(html, /data-none> None of these/);
    assert.equal((html.match(/<label/g) ?? []).length, 3 + 1 + 1 + 3, 'every radio, input, select and checkbox has its label');
  });
});
