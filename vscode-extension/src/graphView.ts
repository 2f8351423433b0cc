// The page of "Show rule graph": the Mermaid text of `rules graph`, drawn by the Mermaid library
// that the extension ships (no network). Free of the `vscode` module.
import { BASE_STYLE, escapeHtml } from './html';
import { rulesArgs } from './profileSchema';

export function graphArgs(paths: readonly string[], format: 'mermaid' | 'dot' = 'mermaid'): string[] {
  return ['graph', ...rulesArgs(paths), '--format', format];
}

/** The panel's title: "Rule graph: " and the rule set's name (relative, see names.ts). */
export function graphTitle(ruleSetName: string): string {
  return `Rule graph: ${ruleSetName}`;
}

export interface GraphPage {
  title: string;
  subtitle?: string;
  mermaid: string;
  /** The webview URI of media/mermaid.min.js. */
  scriptUri: string;
  cspSource: string;
  nonce: string;
}

export function renderGraphPage(page: GraphPage): string {
  const source = escapeHtml(page.mermaid.trim());
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${page.cspSource} data:; style-src ${page.cspSource} 'unsafe-inline'; font-src ${page.cspSource}; script-src 'nonce-${page.nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style>${BASE_STYLE} .mermaid { background: transparent; } #graph svg { max-width: none !important; }</style></head>
<body><h1>${escapeHtml(page.title)}</h1>${page.subtitle ? `<p class="muted">${escapeHtml(page.subtitle)}</p>` : ''}
<p class="muted">Facts are rounded boxes, concluded facts hexagons, rules plain boxes, recommendations double boxes; dashed edges avoid.</p>
<div id="graph"><pre class="mermaid">${source}</pre></div>
<details><summary>Mermaid source</summary><pre>${source}</pre></details>
<script nonce="${page.nonce}" src="${escapeHtml(page.scriptUri)}"></script>
<script nonce="${page.nonce}">
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', theme: dark ? 'dark' : 'default', maxTextSize: 500000, maxEdges: 5000 });
</script>
</body></html>`;
}
