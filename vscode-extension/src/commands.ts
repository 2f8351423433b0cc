// The commands "Evaluate profile…", "Show rule graph" and "Select preview profile…".
import * as path from 'path';
import * as vscode from 'vscode';
import { runCli } from './cli';
import { renderEvaluationPage } from './evaluationView';
import { graphArgs, graphTitle, renderGraphPage } from './graphView';
import { makeNonce } from './html';
import { isProfilePath, rulesArgs, SCHEMA_URI } from './profileSchema';
import { currentRuleSet, describeFile, describeRuleSet, Host, workingFolder } from './workspace';

const PROFILE_FILES = '{**/profiles/*.json,**/*.profile.json,**/*.ndjson,**/*.jsonl}';
const EXCLUDE = '{**/node_modules/**,**/bin/**,**/obj/**,**/*.expected.json}';

/** Asks for a profile file: the workspace's profiles first, then "Browse…". */
async function pickProfile(title: string): Promise<vscode.Uri | undefined> {
  const found = await vscode.workspace.findFiles(PROFILE_FILES, EXCLUDE, 500);
  const active = vscode.window.activeTextEditor?.document.uri;
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = found
    .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
    .map((uri) => ({ label: path.basename(uri.fsPath), description: describeFile(path.dirname(uri.fsPath)), uri }));
  if (active && active.scheme === 'file' && /\.(json|ndjson|jsonl)$/i.test(active.fsPath)) {
    const index = items.findIndex((item) => item.uri?.fsPath === active.fsPath);
    const [current] = index >= 0 ? items.splice(index, 1) : [{ label: path.basename(active.fsPath), description: describeFile(path.dirname(active.fsPath)), uri: active }];
    items.unshift({ ...current, detail: 'the file in the editor' });
  }
  items.push({ label: '$(folder-opened) Browse…', alwaysShow: true });
  const choice = await vscode.window.showQuickPick(items, { title, placeHolder: 'A JSON profile (or an NDJSON batch of profiles)', matchOnDescription: true });
  if (!choice) return undefined;
  if (choice.uri) return choice.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Profiles: ['json', 'ndjson', 'jsonl'] }, title });
  return picked?.[0];
}

async function evaluateProfile(host: Host, arg?: vscode.Uri): Promise<void> {
  const profile = arg instanceof vscode.Uri ? arg : await pickProfile('Evaluate profile');
  if (!profile) return;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === profile.toString());
  if (document?.isDirty) await document.save();
  const ruleSet = currentRuleSet(profile);
  const cwd = workingFolder(profile);
  const title = `Evaluation: ${describeFile(profile)}`;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Evaluating ${path.basename(profile.fsPath)}` },
    () => runCli(host.serverCommand(), ['eval', '--explain', '--format', 'json', profile.fsPath, ...rulesArgs(ruleSet)], { cwd }),
  );
  if (result.error) {
    void vscode.window.showErrorMessage(`Back Pain Rules: could not run the rules command: ${result.error.message}`);
    return;
  }
  host.output.info(`rules eval ${profile.fsPath}: exit ${result.code}`);
  const panel = vscode.window.createWebviewPanel('rules.evaluation', title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false });
  panel.webview.html = renderEvaluationPage({
    title,
    subtitle: `Profile ${describeFile(profile)} against ${ruleSet.length ? describeRuleSet(ruleSet) : 'the built-in lower-back-pain rules'}`,
    stdout: result.stdout,
    stderr: result.stderr,
    cspSource: panel.webview.cspSource,
  });
}

async function showGraph(context: vscode.ExtensionContext, host: Host, arg?: vscode.Uri): Promise<void> {
  const ruleSet = arg instanceof vscode.Uri ? [arg.fsPath] : currentRuleSet();
  if (ruleSet.length === 0) {
    void vscode.window.showWarningMessage('Back Pain Rules: open a folder or a .rules file to show its graph.');
    return;
  }
  const result = await runCli(host.serverCommand(), graphArgs(ruleSet, 'mermaid'), { cwd: workingFolder(arg) });
  if (result.error || result.code !== 0) {
    const reason = result.error?.message ?? result.stderr.trim();
    host.output.error(`rules graph failed: ${reason}`);
    void vscode.window.showErrorMessage(`Back Pain Rules: the rule graph could not be made: ${reason.split(/\r?\n/).slice(0, 3).join(' ')}`, 'Show Output').then((c) => c && host.output.show());
    return;
  }
  const media = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media');
  const panel = vscode.window.createWebviewPanel('rules.graph', graphTitle(describeRuleSet(ruleSet)), vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [media],
  });
  panel.webview.html = renderGraphPage({
    title: 'Rule graph',
    subtitle: describeRuleSet(ruleSet),
    mermaid: result.stdout,
    scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'mermaid.min.js')).toString(),
    cspSource: panel.webview.cspSource,
    nonce: makeNonce(),
  });
}

async function selectPreviewProfile(): Promise<void> {
  const profile = await pickProfile('Preview profile for live evaluation');
  if (!profile) return;
  const folder = vscode.workspace.getWorkspaceFolder(profile);
  const value = folder ? path.relative(folder.uri.fsPath, profile.fsPath).split(path.sep).join('/') : profile.fsPath;
  await vscode.workspace.getConfiguration('rules').update('previewProfile', value, folder ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`Back Pain Rules: rules now show how they evaluate for ${value}.`);
}

export function registerCommands(context: vscode.ExtensionContext, host: Host): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('rules.evaluateProfile', (uri?: vscode.Uri) => evaluateProfile(host, uri)),
    vscode.commands.registerCommand('rules.showGraph', (uri?: vscode.Uri) => showGraph(context, host, uri)),
    vscode.commands.registerCommand('rules.selectPreviewProfile', () => selectPreviewProfile()),
    vscode.commands.registerCommand('rules.clearPreviewProfile', () => vscode.workspace.getConfiguration('rules').update('previewProfile', undefined, vscode.ConfigurationTarget.Workspace)),
    vscode.commands.registerCommand('rules.showProfileSchema', async () => {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(SCHEMA_URI));
      await vscode.languages.setTextDocumentLanguage(document, 'json');
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  );
  // Keep `isProfilePath` and the menus in step: the context key lets "Evaluate profile" show on profiles.
  const updateContext = (editor: vscode.TextEditor | undefined) => {
    const file = editor?.document.uri;
    void vscode.commands.executeCommand('setContext', 'rules.isProfile', !!file && file.scheme === 'file' && isProfilePath(file.fsPath));
  };
  updateContext(vscode.window.activeTextEditor);
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(updateContext));
}
