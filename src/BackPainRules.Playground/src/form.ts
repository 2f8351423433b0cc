// The runner's form, generated from the rule set's profile schema (`rules schema`): one field per input
// fact, in the rule set's own words. "Not answered" is a state of every field, because an unknown fact
// is what the rules reason about (SPEC §4): it is never the same as "no" or 0.
// Free of the DOM except where a function takes an element, so the model is tested in Node.
import { escapeHtml } from './html';

export type FieldKind = 'bool' | 'number' | 'one' | 'any';

export interface Field {
  name: string;
  kind: FieldKind;
  /** The fact's description, else its name: the question as the rule set words it. */
  label: string;
  min?: number;
  max?: number;
  /** The values of a `one of` or `any of` fact, in declaration order. */
  values?: string[];
}

/** An answer: undefined is "not answered"; an `any of` fact answered "none of these" is []. */
export type Answer = boolean | number | string | string[] | undefined;
export type Answers = Record<string, Answer>;

interface SchemaProperty {
  type?: string | string[];
  enum?: (string | null)[];
  items?: { enum?: string[] };
  minimum?: number;
  maximum?: number;
  description?: string;
}

/** The fields of a profile schema, in its order; `$`-keys (like `$id`) are not questions. */
export function fieldsOf(schema: { properties?: Record<string, SchemaProperty> } | null | undefined): Field[] {
  const fields: Field[] = [];
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    if (name.startsWith('$')) continue;
    const types = Array.isArray(property.type) ? property.type : property.type ? [property.type] : [];
    const label = property.description?.trim() || name;
    if (property.enum) {
      fields.push({ name, kind: 'one', label, values: property.enum.filter((v): v is string => typeof v === 'string') });
    } else if (types.includes('array')) {
      fields.push({ name, kind: 'any', label, values: property.items?.enum ?? [] });
    } else if (types.includes('number') || types.includes('integer')) {
      fields.push({ name, kind: 'number', label, min: property.minimum, max: property.maximum });
    } else if (types.includes('boolean')) {
      fields.push({ name, kind: 'bool', label });
    }
  }
  return fields;
}

/** Whether an answer is valid for its field (a number within the declared range, a declared value). */
export function isValid(field: Field, answer: Answer): boolean {
  if (answer === undefined) return true;
  switch (field.kind) {
    case 'bool': return typeof answer === 'boolean';
    case 'number': return typeof answer === 'number' && Number.isFinite(answer) &&
      (field.min === undefined || answer >= field.min) && (field.max === undefined || answer <= field.max);
    case 'one': return typeof answer === 'string' && (field.values ?? []).includes(answer);
    case 'any': return Array.isArray(answer) && answer.every((v) => (field.values ?? []).includes(v));
  }
}

/** The profile JSON for the answers: answered, valid fields only (a field not answered is left out: unknown). */
export function profileOf(fields: Field[], answers: Answers, id = 'playground'): Record<string, unknown> {
  const profile: Record<string, unknown> = { $id: id };
  for (const field of fields) {
    const answer = answers[field.name];
    if (answer !== undefined && isValid(field, answer)) profile[field.name] = answer;
  }
  return profile;
}

/** Answers kept only for fields that still exist with a valid value (after the rule text changed). */
export function keepAnswers(fields: Field[], answers: Answers): Answers {
  const kept: Answers = {};
  for (const field of fields) {
    const answer = answers[field.name];
    if (answer !== undefined && isValid(field, answer)) kept[field.name] = answer;
  }
  return kept;
}

const id = (name: string, suffix = '') => `fact-${name}${suffix ? '-' + suffix : ''}`;

function range(field: Field): string {
  if (field.min === undefined && field.max === undefined) return '';
  return ` <span class="muted">(${field.min ?? ''}–${field.max ?? ''})</span>`;
}

function factName(field: Field): string {
  return field.label !== field.name ? ` <code class="fact-name">${escapeHtml(field.name)}</code>` : '';
}

/**
 * One field as HTML. Every control is labelled by the question; yes/no questions and `any of` values are
 * fieldsets with a legend, so a screen reader reads the question before each choice.
 */
export function renderField(field: Field, answer: Answer, open: boolean): string {
  const cls = `field${open ? ' open-question' : ''}`;
  const attrs = `class="${cls}" data-fact="${escapeHtml(field.name)}" data-kind="${field.kind}"`;
  const label = `${escapeHtml(field.label)}${factName(field)}`;
  switch (field.kind) {
    case 'bool': {
      const radio = (value: string, text: string, checked: boolean) =>
        `<label><input type="radio" name="${id(field.name)}" value="${value}"${checked ? ' checked' : ''}> ${text}</label>`;
      return `<fieldset ${attrs}><legend>${label}</legend>` +
        radio('yes', 'Yes', answer === true) + radio('no', 'No', answer === false) + radio('', 'Not answered', answer === undefined) +
        '</fieldset>';
    }
    case 'number': {
      const value = typeof answer === 'number' ? String(answer) : '';
      const bounds = `${field.min !== undefined ? ` min="${field.min}"` : ''}${field.max !== undefined ? ` max="${field.max}"` : ''}`;
      return `<div ${attrs}><label for="${id(field.name)}">${label}${range(field)}</label>` +
        `<input type="number" id="${id(field.name)}" step="any"${bounds} value="${escapeHtml(value)}" placeholder="not answered">` +
        `<span class="field-error" role="alert"></span></div>`;
    }
    case 'one': {
      const options = ['<option value="">Not answered</option>',
        ...(field.values ?? []).map((v) => `<option value="${escapeHtml(v)}"${answer === v ? ' selected' : ''}>${escapeHtml(v.replace(/_/g, ' '))}</option>`)];
      return `<div ${attrs}><label for="${id(field.name)}">${label}</label><select id="${id(field.name)}">${options.join('')}</select></div>`;
    }
    case 'any': {
      const chosen = Array.isArray(answer) ? answer : [];
      const boxes = (field.values ?? []).map((v) =>
        `<label><input type="checkbox" value="${escapeHtml(v)}"${chosen.includes(v) ? ' checked' : ''}> ${escapeHtml(v.replace(/_/g, ' '))}</label>`);
      boxes.push(`<label><input type="checkbox" value="" data-none${Array.isArray(answer) && answer.length === 0 ? ' checked' : ''}> None of these</label>`);
      return `<fieldset ${attrs}><legend>${label} <span class="muted">(any that apply; none ticked: not answered)</span></legend>${boxes.join('')}</fieldset>`;
    }
  }
}

/** The whole form; <paramref name="open"/> are the questions still open for withheld advice, highlighted. */
export function renderForm(fields: Field[], answers: Answers, open: ReadonlySet<string>): string {
  if (fields.length === 0) return '<p class="muted">This rule set asks no questions.</p>';
  return fields.map((f) => renderField(f, answers[f.name], open.has(f.name))).join('\n');
}

/** Reads one field's answer back from its element (the element carrying data-fact). */
export function readField(field: Field, element: Element): Answer {
  switch (field.kind) {
    case 'bool': {
      const checked = element.querySelector<HTMLInputElement>('input[type=radio]:checked');
      return checked?.value === 'yes' ? true : checked?.value === 'no' ? false : undefined;
    }
    case 'number': {
      const input = element.querySelector<HTMLInputElement>('input');
      if (!input || input.value.trim() === '') return undefined;
      const value = Number(input.value);
      return Number.isFinite(value) ? value : undefined;
    }
    case 'one': {
      const select = element.querySelector<HTMLSelectElement>('select');
      return select && select.value !== '' ? select.value : undefined;
    }
    case 'any': {
      const boxes = [...element.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
      const none = boxes.find((b) => b.hasAttribute('data-none'));
      const values = boxes.filter((b) => b.checked && !b.hasAttribute('data-none')).map((b) => b.value);
      if (values.length > 0) return values;
      return none?.checked ? [] : undefined;
    }
  }
}
