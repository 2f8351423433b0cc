// Small helpers for the webview pages. Free of the `vscode` module.

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function makeNonce(random: () => number = Math.random): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars[Math.floor(random() * chars.length)];
  return nonce;
}

export const BASE_STYLE = `
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 2em; line-height: 1.45; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
  h3 { font-size: 1.05em; margin-bottom: .3em; }
  code, pre { font-family: var(--vscode-editor-font-family); }
  table { border-collapse: collapse; margin: .4em 0; } td, th { text-align: left; padding: .2em .8em .2em 0; vertical-align: top; }
  .muted { opacity: .75; } .error { color: var(--vscode-errorForeground, #f14c4c); }
  .badge { border-radius: 3px; padding: 0 .4em; font-size: .85em; border: 1px solid currentColor; white-space: nowrap; }
  .urgent { color: var(--vscode-errorForeground, #f14c4c); } .high { color: var(--vscode-editorWarning-foreground, #cca700); }
  .truth-true { color: var(--vscode-testing-iconPassed, #73c991); } .truth-false { color: var(--vscode-testing-iconFailed, #f14c4c); }
  .truth-unknown { color: var(--vscode-editorWarning-foreground, #cca700); }
  ul.tree { list-style: none; padding-left: 1.2em; margin: .2em 0; } ul.tree > li { margin: .1em 0; }
`;
