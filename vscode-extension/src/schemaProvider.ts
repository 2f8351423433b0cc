// Serves the profile schema of the workspace's rule set (`rules schema`) as a virtual document. The
// `jsonValidation` contribution points JSON profiles at it; VS Code's JSON language features then
// validate and complete profiles, and reload the schema when this document changes.
import * as vscode from 'vscode';
import { runCli } from './cli';
import { fallbackSchema, SCHEMA_SCHEME, schemaArgs, schemaFromOutput } from './profileSchema';
import { currentRuleSet, Host, workingFolder } from './workspace';

class ProfileSchemaProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private cache = new Map<string, Promise<string>>();
  private readonly served = new Set<string>();

  constructor(private readonly host: Host) {}

  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const key = uri.toString();
    this.served.add(key);
    let content = this.cache.get(key);
    if (!content) {
      content = this.compute();
      this.cache.set(key, content);
    }
    return content;
  }

  private async compute(): Promise<string> {
    const paths = currentRuleSet();
    if (paths.length === 0) return fallbackSchema('open a folder with .rules files');
    const result = await runCli(this.host.serverCommand(), schemaArgs(paths), { cwd: workingFolder() });
    if (result.error) return fallbackSchema(`the rules command could not run: ${result.error.message}`);
    if (result.code !== 0) {
      this.host.output.warn(`rules schema failed (exit ${result.code}): ${result.stderr.trim()}`);
      return fallbackSchema(result.stderr.trim().split(/\r?\n/)[0] ?? `rules schema exited with ${result.code}`);
    }
    try {
      return schemaFromOutput(result.stdout);
    } catch (error) {
      return fallbackSchema((error as Error).message);
    }
  }

  /** The rule set changed: compute the schema again and tell the JSON features. */
  invalidate(): void {
    this.cache.clear();
    for (const key of this.served) this.changed.fire(vscode.Uri.parse(key));
  }
}

export function registerProfileSchema(context: vscode.ExtensionContext, host: Host): void {
  const provider = new ProfileSchemaProvider(host);
  let timer: NodeJS.Timeout | undefined;
  const invalidateSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => provider.invalidate(), 500);
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.rules');
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, provider),
    watcher,
    watcher.onDidChange(invalidateSoon),
    watcher.onDidCreate(invalidateSoon),
    watcher.onDidDelete(invalidateSoon),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rules.ruleSet') || event.affectsConfiguration('rules.server.path') || event.affectsConfiguration('rules.dotnet.path')) invalidateSoon();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
}
