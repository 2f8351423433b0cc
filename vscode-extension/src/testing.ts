// VS Code's Testing view: one item per .rules file with test blocks, one child per `test` block.
// Runs `rules test FILE --format json` and reports each block's result with its failures.
import * as vscode from 'vscode';
import { parseDiagnostics, runCli } from './cli';
import { discoverTests, failureText, outcomesById, parseTestRun, resolveOutputPath, summary, testId } from './testsModel';
import { Host, workingFolder } from './workspace';

const EXCLUDE = '{**/node_modules/**,**/bin/**,**/obj/**}';

export function registerTesting(context: vscode.ExtensionContext, host: Host): vscode.TestController {
  const controller = vscode.tests.createTestController('rulesTests', 'Rule tests');
  context.subscriptions.push(controller);

  function fileItem(uri: vscode.Uri): vscode.TestItem {
    const existing = controller.items.get(uri.toString());
    if (existing) return existing;
    const item = controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri, false), uri);
    item.canResolveChildren = true;
    controller.items.add(item);
    return item;
  }

  function updateFromText(uri: vscode.Uri, text: string): void {
    const tests = discoverTests(text);
    if (tests.length === 0) {
      controller.items.delete(uri.toString());
      return;
    }
    const file = fileItem(uri);
    const children = tests.map((t) => {
      const item = controller.createTestItem(testId(uri.fsPath, t.name, t.occurrence), t.name, uri);
      item.range = new vscode.Range(t.line, t.column, t.line, t.column + 4);
      return item;
    });
    file.children.replace(children);
    file.canResolveChildren = false;
  }

  async function updateFromDisk(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return updateFromText(uri, open.getText());
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      updateFromText(uri, new TextDecoder('utf-8').decode(bytes));
    } catch {
      controller.items.delete(uri.toString());
    }
  }

  async function discoverAll(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/*.rules', EXCLUDE);
    await Promise.all(files.map(updateFromDisk));
  }

  controller.resolveHandler = async (item) => {
    if (!item) await discoverAll();
    else if (item.uri) await updateFromDisk(item.uri);
  };
  controller.refreshHandler = () => discoverAll();

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.rules');
  context.subscriptions.push(
    watcher,
    watcher.onDidCreate((uri) => void updateFromDisk(uri)),
    watcher.onDidChange((uri) => void updateFromDisk(uri)),
    watcher.onDidDelete((uri) => controller.items.delete(uri.toString())),
    vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'rules' && d.uri.scheme === 'file' && updateFromText(d.uri, d.getText())),
    vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === 'rules' && e.document.uri.scheme === 'file' && updateFromText(e.document.uri, e.document.getText())),
  );

  async function runFile(run: vscode.TestRun, file: vscode.TestItem, tests: vscode.TestItem[], token: vscode.CancellationToken): Promise<void> {
    const uri = file.uri!;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();
    tests.forEach((t) => run.started(t));
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const cwd = workingFolder(uri) ?? '.';
    const started = Date.now();
    const result = await runCli(host.serverCommand(), ['test', uri.fsPath, '--format', 'json'], { cwd, signal: abort.signal });
    cancel.dispose();
    const duration = Date.now() - started;
    if (token.isCancellationRequested) {
      tests.forEach((t) => run.skipped(t));
      return;
    }
    if (result.error) {
      tests.forEach((t) => run.errored(t, new vscode.TestMessage(`The rules command could not run: ${result.error!.message}`)));
      return;
    }
    let outcomes;
    try {
      const parsed = parseTestRun(result.stdout);
      outcomes = outcomesById(parsed, cwd);
      run.appendOutput(`${vscode.workspace.asRelativePath(uri)}: ${summary(parsed)}\r\n`);
    } catch {
      // No JSON: the file did not check (syntax or name errors); show the diagnostics on each test.
      const diagnostics = parseDiagnostics(result.stderr).filter((d) => d.severity === 'error');
      const messages = diagnostics.length
        ? diagnostics.map((d) => {
            const message = new vscode.TestMessage(`${d.code}: ${d.message}`);
            message.location = new vscode.Location(vscode.Uri.file(resolveOutputPath(d.file, cwd)), new vscode.Position(d.line - 1, d.column - 1));
            return message;
          })
        : [new vscode.TestMessage(result.stderr.trim() || `rules test exited with ${result.code}`)];
      run.appendOutput(result.stderr.replace(/\r?\n/g, '\r\n'));
      tests.forEach((t) => run.errored(t, messages));
      return;
    }
    for (const test of tests) {
      const outcome = outcomes.get(test.id);
      if (!outcome) {
        run.errored(test, new vscode.TestMessage('rules test did not report this test; save the file and run again.'));
      } else if (outcome.passed) {
        run.passed(test, duration / tests.length);
      } else {
        run.failed(test, outcome.failures.map((f) => {
          const message = new vscode.TestMessage(failureText(f));
          message.location = new vscode.Location(vscode.Uri.file(resolveOutputPath(f.file, cwd)), new vscode.Position(Math.max(0, f.line - 1), Math.max(0, f.column - 1)));
          return message;
        }), duration / tests.length);
      }
    }
  }

  async function runHandler(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (controller.items.size === 0) await discoverAll();
    const run = controller.createTestRun(request);
    const byFile = new Map<vscode.TestItem, vscode.TestItem[]>();
    const excluded = new Set((request.exclude ?? []).map((t) => t.id));
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      const file = item.parent ?? item;
      if (!item.parent) {
        const children: vscode.TestItem[] = [];
        item.children.forEach((c) => !excluded.has(c.id) && children.push(c));
        byFile.set(file, children);
      } else {
        const list = byFile.get(file) ?? [];
        if (!list.includes(item)) list.push(item);
        byFile.set(file, list);
      }
    };
    if (request.include) request.include.forEach(add);
    else controller.items.forEach(add);
    for (const tests of byFile.values()) tests.forEach((t) => run.enqueued(t));
    try {
      for (const [file, tests] of byFile) {
        if (token.isCancellationRequested) break;
        if (tests.length) await runFile(run, file, tests, token);
      }
    } finally {
      run.end();
    }
  }

  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, runHandler, true);

  context.subscriptions.push(vscode.commands.registerCommand('rules.runTests', async () => {
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const source = new vscode.CancellationTokenSource();
    try {
      await runHandler(new vscode.TestRunRequest(), source.token);
    } finally {
      source.dispose();
    }
  }));

  void discoverAll();
  return controller;
}
