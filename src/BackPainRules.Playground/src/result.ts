// The result panel: what a clinician reads first (Ask next, then the advice by priority), the withheld
// advice with the questions it waits for, the scores, and the reasoning folded below.
import { escapeHtml } from './html';

export interface Item { id: string; text: string | null; priority: string; rules: string[] }
export interface WithheldItem extends Item { missing: string[] }
export interface Score { id: string; value: number | null; min: number | null; max: number | null }
export interface Question { fact: string; question: string; priority: string | null; decides: string[]; withheld: string[] }
export interface Result {
  profile: string;
  recommendations: Item[];
  avoid: Item[];
  withheld: WithheldItem[];
  concluded: string[];
  scores: Score[];
  fired: string[];
  undetermined: { rule: string; missing: string[] }[];
  warnings: { code: string; message: string }[];
  explanation?: { ask_next?: Question[] };
}

/** The questions still open for withheld advice: the form highlights them. */
export function openQuestions(result: Result | null): Set<string> {
  return new Set((result?.withheld ?? []).flatMap((w) => w.missing));
}

function badge(priority: string): string {
  return `<span class="badge priority-${escapeHtml(priority)}">${escapeHtml(priority)}</span>`;
}

function item(i: Item, extra = ''): string {
  return `<li class="item priority-${escapeHtml(i.priority)}" data-id="${escapeHtml(i.id)}">${badge(i.priority)} ` +
    `<span class="advice">${escapeHtml(i.text ?? i.id)}</span> <code>${escapeHtml(i.id)}</code>` +
    ` <span class="muted">(${i.rules.map(escapeHtml).join(', ')})</span>${extra}</li>`;
}

function scoreText(s: Score): string {
  if (s.value !== null) return String(s.value);
  if (s.min !== null && s.max !== null) return `${s.min}..${s.max}`;
  return 'unknown';
}

/** Ask next: the questions whose answer can still change the advice (those that cannot are counted). */
function askNext(questions: Question[]): string {
  if (questions.length === 0) return '';
  const useful = questions.filter((q) => q.priority !== null);
  const shown = useful.length > 0 ? useful : questions;
  const idle = questions.length - shown.length;
  const rows = shown.map((q) => `<li>${q.priority ? badge(q.priority) + ' ' : ''}` +
    `<a href="#fact-${escapeHtml(q.fact)}" class="ask" data-fact="${escapeHtml(q.fact)}">${escapeHtml(q.question)}</a></li>`).join('');
  const more = idle > 0 ? `<p class="muted">and ${idle} more ${idle === 1 ? 'question' : 'questions'} that cannot change the advice now</p>` : '';
  return `<section aria-labelledby="ask-next"><h3 id="ask-next">Ask next</h3><ol class="ask-next">${rows}</ol>${more}</section>`;
}

/** The result as HTML; <paramref name="reasoning"/> is the `--explain` text, shown on demand. */
export function renderResult(result: Result, reasoning: string | null): string {
  const parts: string[] = [askNext(result.explanation?.ask_next ?? [])];
  parts.push('<section aria-labelledby="advice"><h3 id="advice">Recommended</h3>' +
    (result.recommendations.length ? `<ul class="items">${result.recommendations.map((i) => item(i)).join('')}</ul>` : '<p class="muted">None.</p>') + '</section>');
  if (result.avoid.length) {
    parts.push(`<section aria-labelledby="avoid"><h3 id="avoid">Avoid</h3><ul class="items">${result.avoid.map((i) => item(i)).join('')}</ul></section>`);
  }
  if (result.withheld.length) {
    parts.push('<section aria-labelledby="withheld" class="withheld"><h3 id="withheld">Withheld</h3>' +
      '<p class="muted">Given only once the contraindication is ruled out; the questions it waits for are highlighted in the form.</p>' +
      `<ul class="items">${result.withheld.map((i) => item(i, i.missing.length
        ? ` <div class="waiting">waiting for: ${i.missing.map((m) => `<a href="#fact-${escapeHtml(m)}" class="ask" data-fact="${escapeHtml(m)}">${escapeHtml(m)}</a>`).join(', ')}</div>`
        : ' <div class="waiting">contraindicated: its <code>unless</code> holds</div>')).join('')}</ul></section>`);
  }
  if (result.scores.length) {
    parts.push(`<section aria-labelledby="scores"><h3 id="scores">Scores</h3><ul class="scores">${result.scores.map((s) =>
      `<li><code>${escapeHtml(s.id)}</code> = <span class="score-value">${escapeHtml(scoreText(s))}</span></li>`).join('')}</ul></section>`);
  }
  if (result.concluded.length) {
    parts.push(`<p>Concluded: ${result.concluded.map((c) => `<code>${escapeHtml(c)}</code>`).join(', ')}</p>`);
  }
  if (result.warnings.length) {
    parts.push(`<ul class="warnings">${result.warnings.map((w) => `<li><code>${escapeHtml(w.code)}</code> ${escapeHtml(w.message)}</li>`).join('')}</ul>`);
  }
  if (reasoning) {
    parts.push(`<details class="reasoning"><summary>Why (the reasoning of <code>rules eval --explain</code>)</summary><pre>${escapeHtml(reasoning)}</pre></details>`);
  }
  return parts.filter((p) => p).join('\n');
}

export interface ProblemDiagnostic { code: string; severity: string; message: string; line: number; column: number }

/** The rule text's errors, when it cannot be evaluated. */
export function renderProblems(diagnostics: ProblemDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return '<p class="error" role="alert">The rules have errors, so nothing is evaluated until they are fixed:</p><ul class="problems">' +
    errors.map((d) => `<li><span class="pos">${d.line}:${d.column}</span> <code>${escapeHtml(d.code)}</code> ${escapeHtml(d.message)}</li>`).join('') + '</ul>';
}
