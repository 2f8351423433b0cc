// The playground's calls to `rules serve` (see docs/SERVE.md, "Playground"). Only the page's own origin
// is called: nothing is fetched from elsewhere, so the page works offline.
import type { ProblemDiagnostic, Result } from './result';

export interface RuleFile { path: string; name: string; builtIn: boolean }

export interface Evaluation {
  /** Every diagnostic of the text (errors and warnings), as `rules check` gives them. */
  diagnostics: ProblemDiagnostic[];
  /** The profile schema of the text's rule set (`rules schema`), or null when the text has errors. */
  schema: { properties?: Record<string, unknown> } | null;
  /** The `--explain --format json` result for the profile, or null when the text has errors. */
  result: Result | null;
  /** The `--explain` text report, or null. */
  reasoning: string | null;
  /** The `rules graph` Mermaid text, or null. */
  graph: string | null;
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface Files {
  /** The rule files the page may open: the built-in set first, then the served folder's. */
  files: RuleFile[];
  /** The path of the page's own text: a file of the served folder that is not on disk, so its imports work. */
  document: string;
}

export async function listFiles(): Promise<Files> {
  return json<Files>(await fetch('playground/api/files'));
}

export async function readFile(path: string): Promise<string> {
  const response = await fetch('playground/api/file?path=' + encodeURIComponent(path));
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  return response.text();
}

export async function evaluate(text: string, profile: Record<string, unknown>, signal?: AbortSignal): Promise<Evaluation> {
  return json<Evaluation>(await fetch('playground/api/evaluate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text, profile }),
    signal,
  }));
}
