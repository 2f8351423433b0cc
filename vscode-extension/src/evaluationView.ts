// Renders `rules eval --explain --format json` (one JSON line per profile) as an HTML page.
// Free of the `vscode` module.
import { BASE_STYLE, escapeHtml } from './html';
import { CliDiagnostic, parseDiagnostics } from './cli';

export interface Recommendation { id: string; text: string | null; priority: string; rules: string[] }
export interface FactValue { fact: string; value: string; source: string }
export interface ConditionNode { text: string; truth: string; facts: FactValue[]; parts: ConditionNode[] }
export interface RuleExplanation { rule: string; truth: string; because?: string | null; missing: string[]; condition?: ConditionNode }
export interface ConclusionRule { rule: string; because?: string | null; from: Conclusion[] }
export interface Conclusion { fact: string; rules: ConclusionRule[] }
export interface Withheld extends Recommendation { missing: string[] }
export interface Score { id: string; value: number | null; min?: number | null; max?: number | null }
/** One question of "Ask next": an unanswered input, with the most urgent advice it could still decide (null: none). */
export interface AskNextQuestion { fact: string; question: string; priority: string | null; decides: string[]; withheld: string[] }
export interface Evaluation {
  profile: string;
  recommendations: Recommendation[];
  avoid: Recommendation[];
  withheld?: Withheld[];
  concluded: string[];
  scores?: Score[];
  fired: string[];
  undetermined: { rule: string; missing: string[] }[];
  warnings: { code: string; message: string }[];
  explanation?: { ask_next?: AskNextQuestion[]; fired?: RuleExplanation[]; undetermined?: RuleExplanation[]; concluded?: Conclusion[] };
}

/** Parses the NDJSON of `rules eval --format json [--explain]`: one result per non-empty line. */
export function parseEvaluations(stdout: string): Evaluation[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const value = JSON.parse(line);
      if (!value || typeof value.profile !== 'string') throw new Error(`not an evaluation result: ${line.slice(0, 80)}`);
      return value as Evaluation;
    });
}

const truthClass = (truth: string) => `truth-${/^(true|false|unknown)$/.test(truth) ? truth : 'unknown'}`;

function truth(value: string): string {
  return `<span class="${truthClass(value)}">${escapeHtml(value)}</span>`;
}

function recommendationTable(items: Recommendation[]): string {
  if (items.length === 0) return '<p class="muted">None.</p>';
  const rows = items.map((r) => `<tr><td><span class="badge ${escapeHtml(r.priority)}">${escapeHtml(r.priority)}</span></td>` +
    `<td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.text ?? '')}</td>` +
    `<td class="muted">${r.rules.map((rule) => `<code>${escapeHtml(rule)}</code>`).join(', ')}</td></tr>`).join('');
  return `<table><tr><th>priority</th><th>id</th><th>advice</th><th>because of</th></tr>${rows}</table>`;
}

/**
 * "Ask next", as the text report has it: the questions whose answer can still change the advice, most
 * urgent first, in the rule set's own words; those that cannot change it now are counted, not listed
 * (all are listed when none can).
 */
export function askNextSection(questions: AskNextQuestion[]): string {
  if (questions.length === 0) return '';
  const useful = questions.filter((q) => q.priority !== null);
  const shown = useful.length > 0 ? useful : questions;
  const idle = questions.length - shown.length;
  const items = shown.map((q) => `<li>${q.priority ? `<span class="badge ${escapeHtml(q.priority)}">${escapeHtml(q.priority)}</span> ` : ''}` +
    `${escapeHtml(q.question)}${q.question !== q.fact ? ` <span class="muted">(<code>${escapeHtml(q.fact)}</code>)</span>` : ''}</li>`).join('');
  const more = idle > 0 ? `<p class="muted">and ${idle} more ${idle === 1 ? 'question' : 'questions'} that cannot change the advice now</p>` : '';
  return `<h3>Ask next</h3><ol class="ask-next">${items}</ol>${more}`;
}

function withheldTable(items: Withheld[]): string {
  const rows = items.map((r) => `<tr><td><span class="badge ${escapeHtml(r.priority)}">${escapeHtml(r.priority)}</span></td>` +
    `<td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.text ?? '')}</td>` +
    `<td class="muted">${r.missing.length ? 'waiting for ' + r.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ') : 'contraindicated: its <code>unless</code> holds'}</td></tr>`).join('');
  return `<table><tr><th>priority</th><th>id</th><th>advice</th><th>why withheld</th></tr>${rows}</table>`;
}

function scoreText(score: Score): string {
  if (score.value !== null && score.value !== undefined) return String(score.value);
  if (score.min !== null && score.min !== undefined && score.max !== null && score.max !== undefined) return `${score.min}..${score.max}`;
  return 'unknown';
}

function facts(values: FactValue[]): string {
  if (!values.length) return '';
  return ' <span class="muted">(' + values.map((f) => `<code>${escapeHtml(f.fact)}</code> = ${escapeHtml(f.value)}, ${escapeHtml(f.source)}`).join('; ') + ')</span>';
}

/** A condition as a tree: each part with its truth value and the facts it read. */
export function renderCondition(node: ConditionNode): string {
  const children = node.parts?.length ? `<ul class="tree">${node.parts.map((p) => `<li>${renderCondition(p)}</li>`).join('')}</ul>` : '';
  return `<code>${escapeHtml(node.text)}</code> is ${truth(node.truth)}${facts(node.facts ?? [])}${children}`;
}

function ruleSection(rule: RuleExplanation): string {
  const because = rule.because ? `<div><em>because</em> ${escapeHtml(rule.because)}</div>` : '';
  const missing = rule.missing?.length ? `<div>missing: ${rule.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</div>` : '';
  const condition = rule.condition ? `<div>${renderCondition(rule.condition)}</div>` : '';
  return `<h3><code>${escapeHtml(rule.rule)}</code> ${truth(rule.truth)}</h3>${because}${missing}${condition}`;
}

function conclusion(c: Conclusion): string {
  const rules = c.rules.map((r) => `<li>by <code>${escapeHtml(r.rule)}</code>${r.because ? `: ${escapeHtml(r.because)}` : ''}` +
    (r.from.length ? `<ul class="tree">${r.from.map((f) => `<li>${conclusion(f)}</li>`).join('')}</ul>` : '') + '</li>').join('');
  return `<code>${escapeHtml(c.fact)}</code><ul class="tree">${rules}</ul>`;
}

/** One profile's result: advice first (what a clinician reads), then the reasoning. */
export function renderEvaluation(result: Evaluation): string {
  const e = result.explanation ?? {};
  const parts = [
    `<h2>${escapeHtml(result.profile)}</h2>`,
    askNextSection(e.ask_next ?? []),
    '<h3>Recommendations</h3>', recommendationTable(result.recommendations ?? []),
    '<h3>Avoid</h3>', recommendationTable(result.avoid ?? []),
  ];
  if (result.withheld?.length) {
    parts.push('<h3>Withheld</h3><p class="muted">Given only once the contraindication is ruled out.</p>', withheldTable(result.withheld));
  }
  if (result.scores?.length) {
    parts.push('<h3>Scores</h3><p>' + result.scores.map((s) => `<code>${escapeHtml(s.id)}</code> = ${escapeHtml(scoreText(s))}`).join(', ') + '</p>');
  }
  if (result.warnings?.length) {
    parts.push('<h3>Warnings</h3><ul>' + result.warnings.map((w) => `<li><code>${escapeHtml(w.code)}</code> ${escapeHtml(w.message)}</li>`).join('') + '</ul>');
  }
  if (e.concluded?.length) {
    parts.push('<h3>Concluded facts</h3><ul class="tree">' + e.concluded.map((c) => `<li>${conclusion(c)}</li>`).join('') + '</ul>');
  } else if (result.concluded?.length) {
    parts.push('<h3>Concluded facts</h3><p>' + result.concluded.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ') + '</p>');
  }
  const fired = e.fired ?? [];
  parts.push(`<details open><summary><strong>Fired rules (${result.fired?.length ?? fired.length})</strong></summary>` +
    (fired.length ? fired.map(ruleSection).join('') : `<p>${(result.fired ?? []).map((r) => `<code>${escapeHtml(r)}</code>`).join(', ') || '<span class="muted">None.</span>'}</p>`) + '</details>');
  const undetermined = e.undetermined ?? [];
  parts.push(`<details><summary><strong>Undetermined rules (${result.undetermined?.length ?? undetermined.length})</strong>: what to ask next</summary>` +
    (undetermined.length ? undetermined.map(ruleSection).join('')
      : (result.undetermined ?? []).map((u) => `<div><code>${escapeHtml(u.rule)}</code> missing ${u.missing.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</div>`).join('') || '<p class="muted">None.</p>') + '</details>');
  return `<section class="profile">${parts.join('\n')}</section>`;
}

export function renderDiagnostics(diagnostics: CliDiagnostic[], rawStderr: string): string {
  if (diagnostics.length === 0) return rawStderr.trim() ? `<pre class="error">${escapeHtml(rawStderr.trim())}</pre>` : '';
  return '<ul>' + diagnostics.map((d) => `<li class="${d.severity === 'error' ? 'error' : ''}">${escapeHtml(d.file)}:${d.line}:${d.column}: ${escapeHtml(d.severity)} <code>${escapeHtml(d.code)}</code>: ${escapeHtml(d.message)}</li>`).join('') + '</ul>';
}

export interface EvaluationPage {
  title: string;
  /** What was evaluated against what, shown under the title. */
  subtitle?: string;
  stdout: string;
  stderr: string;
  cspSource: string;
}

/** The whole page. It has no script: a Content-Security-Policy allows styles only. */
export function renderEvaluationPage(page: EvaluationPage): string {
  let body: string;
  try {
    const results = parseEvaluations(page.stdout);
    body = results.map(renderEvaluation).join('\n');
    if (results.length === 0) body = '<p class="muted">No profile was evaluated.</p>';
  } catch (e) {
    body = `<p class="error">The output of rules eval could not be read: ${escapeHtml((e as Error).message)}</p><pre>${escapeHtml(page.stdout)}</pre>`;
  }
  const problems = renderDiagnostics(parseDiagnostics(page.stderr), page.stderr);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${page.cspSource} 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title><style>${BASE_STYLE}</style></head>
<body><h1>${escapeHtml(page.title)}</h1>${page.subtitle ? `<p class="muted">${escapeHtml(page.subtitle)}</p>` : ''}
${problems ? `<h2 class="error">Problems</h2>${problems}` : ''}
${body}
</body></html>`;
}
