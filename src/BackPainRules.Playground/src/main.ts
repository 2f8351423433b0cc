// The playground page: the rule text in an editor with the real language server behind it (over a
// WebSocket, the same server code as `rules lsp`), a form for the runner generated from the rule set's
// schema, and the result, updated as either side changes. The state lives in the URL fragment.
import { basicSetup, EditorView } from 'codemirror';
import { keymap } from '@codemirror/view';
import { LSPClient, languageServerExtensions, formatDocument, type Transport } from '@codemirror/lsp-client';
import { rulesLanguage } from './highlight';
import { fieldsOf, keepAnswers, profileOf, readField, renderForm, type Answers, type Field } from './form';
import { openQuestions, renderProblems, renderResult } from './result';
import { decodeState, encodeState } from './share';
import { evaluate, listFiles, readFile, type RuleFile } from './api';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

let fields: Field[] = [];
let answers: Answers = {};
let files: RuleFile[] = [];
let currentFile: string | undefined;
let fileText: string | undefined;
let inFlight: AbortController | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastGraph: string | null = null;
// When the last answer was given: the page measures from there to the result drawn (the 100 ms budget).
let changedAt: number | null = null;

/** A WebSocket carrying one LSP message per text frame; it says so on the page when the connection drops. */
function webSocketTransport(url: string): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const handlers = new Set<(message: string) => void>();
    const socket = new WebSocket(url);
    socket.onmessage = (e) => { for (const h of handlers) h(String(e.data)); };
    socket.onerror = () => reject(new Error('the language server could not be reached'));
    socket.onclose = () => setStatus('The language server disconnected; reload the page to reconnect.', true);
    socket.onopen = () => resolve({
      send: (message: string) => socket.send(message),
      subscribe: (handler: (message: string) => void) => { handlers.add(handler); },
      unsubscribe: (handler: (message: string) => void) => { handlers.delete(handler); },
    });
  });
}

function setStatus(text: string, error = false): void {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

function lspUrl(): string {
  const url = new URL('playground/lsp', document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function schedule(delay = 120): void {
  clearTimeout(timer);
  timer = setTimeout(run, delay);
}

function updateLink(): void {
  const text = view.state.doc.toString();
  const state = currentFile !== undefined && text === fileText ? { file: currentFile, answers } : { file: currentFile, text, answers };
  history.replaceState(null, '', '#' + encodeState(state));
}

/** Evaluates the current text against the answers and redraws the form and the result. */
async function run(): Promise<void> {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const started = performance.now();
  const text = view.state.doc.toString();
  try {
    const evaluation = await evaluate(text, profileOf(fields, answers), controller.signal);
    if (controller.signal.aborted) return;
    if (evaluation.schema) {
      const next = fieldsOf(evaluation.schema as Parameters<typeof fieldsOf>[0]);
      if (JSON.stringify(next) !== JSON.stringify(fields)) {
        fields = next;
        answers = keepAnswers(fields, answers);
        // The answers the form kept may change the result: evaluate again with them.
        if (evaluation.result) return void run();
      }
    }
    const result = evaluation.result;
    if (evaluation.schema) showForm(openQuestions(result));
    $('result').innerHTML = result ? renderResult(result, evaluation.reasoning) : renderProblems(evaluation.diagnostics);
    $('result').setAttribute('data-state', result ? 'evaluated' : 'errors');
    lastGraph = evaluation.graph;
    if ((document.getElementById('graph-panel') as HTMLDetailsElement | null)?.open) void drawGraph();
    const ms = performance.now() - started;
    document.body.setAttribute('data-last-update-ms', ms.toFixed(1));
    if (changedAt !== null) {
      document.body.setAttribute('data-change-to-result-ms', (performance.now() - changedAt).toFixed(1));
      changedAt = null;
    }
    // For the browser tests: a counter that changes with every result drawn.
    document.body.setAttribute('data-evaluations', String(Number(document.body.getAttribute('data-evaluations') ?? 0) + 1));
    setStatus(result ? `Evaluated in ${ms.toFixed(0)} ms.` : 'The rules have errors.');
    updateLink();
  } catch (e) {
    if (controller.signal.aborted) return;
    setStatus('Could not evaluate: ' + (e as Error).message, true);
  }
}

let drawnFields = '';

/**
 * Draws the form when its fields changed (a new rule text), else only moves the highlight of the open
 * questions: redrawing on every answer would take the focus and the caret from a clinician mid-answer.
 */
function showForm(open: ReadonlySet<string>): void {
  const key = JSON.stringify(fields);
  if (key !== drawnFields) {
    drawnFields = key;
    $('form').innerHTML = renderForm(fields, answers, open);
    return;
  }
  for (const element of $('form').querySelectorAll('[data-fact]')) {
    element.classList.toggle('open-question', open.has(element.getAttribute('data-fact')!));
  }
}

function restoreFocus(fact: string): void {
  const element = document.querySelector(`[data-fact="${CSS.escape(fact)}"]`);
  const control = element?.querySelector<HTMLElement>('input:checked, input, select');
  control?.focus();
}

function onFormChange(event: Event): void {
  const element = (event.target as Element).closest('[data-fact]');
  if (!element) return;
  const field = fields.find((f) => f.name === element.getAttribute('data-fact'));
  if (!field) return;
  // "None of these" and the values of an `any of` question exclude each other.
  const target = event.target as HTMLInputElement;
  if (field.kind === 'any' && target.type === 'checkbox' && target.checked) {
    for (const box of element.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) {
      if (box !== target && box.hasAttribute('data-none') !== target.hasAttribute('data-none')) box.checked = false;
    }
  }
  const answer = readField(field, element);
  const error = element.querySelector('.field-error');
  if (field.kind === 'number' && error) {
    const input = element.querySelector<HTMLInputElement>('input')!;
    error.textContent = input.value.trim() !== '' && !input.checkValidity() ? `between ${field.min ?? '…'} and ${field.max ?? '…'}` : '';
  }
  if (answer === undefined) delete answers[field.name]; else answers[field.name] = answer;
  changedAt = performance.now();
  schedule(0);
}

let mermaidLoaded: Promise<void> | null = null;

function loadMermaid(): Promise<void> {
  mermaidLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = 'playground/mermaid.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('mermaid.min.js did not load'));
    document.head.appendChild(script);
  });
  return mermaidLoaded;
}

/** The rule graph, drawn by the Mermaid library the page ships; loaded the first time the graph is opened. */
async function drawGraph(): Promise<void> {
  const target = $('graph');
  if (!lastGraph) {
    target.innerHTML = '<p class="muted">No graph while the rules have errors.</p>';
    return;
  }
  await loadMermaid();
  const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 1_000_000, maxEdges: 10_000 });
  const { svg } = await mermaid.render('rule-graph-svg', lastGraph);
  target.innerHTML = svg;
}

async function openFile(path: string): Promise<void> {
  const text = await readFile(path);
  currentFile = path;
  fileText = text;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  ($('file') as HTMLSelectElement).value = path;
}

function download(): void {
  const blob = new Blob([view.state.doc.toString()], { type: 'text/plain;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = (currentFile?.split('/').pop() ?? 'playground.rules');
  link.click();
  URL.revokeObjectURL(link.href);
}

const client = new LSPClient({ extensions: languageServerExtensions() });
let view: EditorView;

/** The file URI of a path ('/' separated on the server's side). */
function fileUri(path: string): string {
  return 'file://' + path.split('/').map(encodeURIComponent).join('/');
}

async function start(): Promise<void> {
  const listing = await listFiles();
  files = listing.files;
  view = new EditorView({
    parent: $('editor'),
    extensions: [
      basicSetup,
      rulesLanguage,
      client.plugin(fileUri(listing.document), 'rules'),
      keymap.of([{ key: 'Shift-Alt-f', run: formatDocument }]),
      EditorView.updateListener.of((update) => { if (update.docChanged) schedule(); }),
      EditorView.contentAttributes.of({ 'aria-label': 'Rule text' }),
    ],
  });

  $('form').addEventListener('change', onFormChange);
  $('form').addEventListener('input', (e) => { if ((e.target as HTMLInputElement).type === 'number') onFormChange(e); });
  $('result').addEventListener('click', (e) => {
    const link = (e.target as Element).closest<HTMLAnchorElement>('a.ask');
    if (!link) return;
    e.preventDefault();
    restoreFocus(link.getAttribute('data-fact')!);
  });
  $('download').addEventListener('click', download);
  $('format').addEventListener('click', () => { formatDocument(view); view.focus(); });
  ($('graph-panel') as HTMLDetailsElement).addEventListener('toggle', (e) => { if ((e.target as HTMLDetailsElement).open) void drawGraph(); });
  $('file').addEventListener('change', (e) => void openFile((e.target as HTMLSelectElement).value));

  $('file').innerHTML = files.map((f) => `<option value="${f.path.replace(/"/g, '&quot;')}">${f.name.replace(/</g, '&lt;')}</option>`).join('');

  const shared = decodeState(location.hash);
  answers = shared?.answers ?? {};
  const first = shared?.file ?? files.find((f) => f.builtIn)?.path ?? files[0]?.path;
  if (first !== undefined && files.some((f) => f.path === first)) await openFile(first);
  if (shared?.text !== undefined) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: shared.text } });
  }
  try {
    client.connect(await webSocketTransport(lspUrl()));
  } catch (e) {
    setStatus((e as Error).message + '; evaluation still works.', true);
  }
  await run();
}

void start();
