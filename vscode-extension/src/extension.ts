// Entry point: starts the language client on the bundled `rules lsp` and wires the commands, the
// Testing view and the profile schema. The logic lives in modules without the `vscode` import.
import * as os from 'os';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, State } from 'vscode-languageclient/node';
import { checkDotnet } from './dotnet';
import { DOTNET_DOWNLOAD_URL, resolveServerCommand, ServerCommand } from './serverPath';
import { registerProfileSchema } from './schemaProvider';
import { registerCommands } from './commands';
import { registerTesting } from './testing';
import { serverSettings } from './settings';
import { TraceChannel } from './traceChannel';

const CLIENT_ID = 'rules';
const CLIENT_NAME = 'Back Pain Rules Language Server';

/** Owns the one LanguageClient; start, stop and restart are queued so they never overlap. */
export class RulesClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly output: vscode.LogOutputChannel;
  readonly trace: vscode.LogOutputChannel;
  private readonly status: vscode.LanguageStatusItem;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Back Pain Rules', { log: true });
    // Not a plain LogOutputChannel: its level follows rules.trace.server (see traceChannel.ts).
    this.trace = new TraceChannel('Back Pain Rules Trace');
    this.status = vscode.languages.createLanguageStatusItem('rules.server', { language: 'rules' });
    this.status.name = 'Back Pain Rules server';
    this.status.command = { title: 'Restart', command: 'rules.restartServer' };
  }

  /** The command line of the server (also used to run `rules eval`, `test`, `schema`, `graph`). */
  serverCommand(): ServerCommand {
    const config = vscode.workspace.getConfiguration('rules');
    return resolveServerCommand({
      configuredPath: config.get<string>('server.path'),
      dotnetPath: config.get<string>('dotnet.path'),
      extensionPath: this.context.extensionPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      homeDir: os.homedir(),
    });
  }

  start(): Promise<unknown> {
    return (this.queue = this.queue.then(() => this.doStart(), () => this.doStart()));
  }

  stop(): Promise<unknown> {
    return (this.queue = this.queue.then(() => this.doStop(), () => this.doStop()));
  }

  restart(): Promise<unknown> {
    this.output.info('Restarting the language server');
    return (this.queue = this.queue.then(async () => {
      await this.doStop();
      await this.doStart();
    }, async () => {
      await this.doStop();
      await this.doStart();
    }));
  }

  get isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const server = this.serverCommand();
    this.output.info(`Server: ${server.command} ${server.args.join(' ')}`);
    const check = await checkDotnet(server);
    if (!check.ok) {
      this.status.severity = vscode.LanguageStatusSeverity.Error;
      this.status.text = check.problem === 'noServer' ? 'Rules: no server' : 'Rules: .NET missing';
      this.status.detail = check.message;
      this.output.error(check.message);
      const actions = check.problem === 'noServer' ? ['Open Settings'] : ['Get .NET', 'Open Settings'];
      void vscode.window.showErrorMessage(check.message, ...actions).then((choice) => {
        if (choice === 'Get .NET') void vscode.env.openExternal(vscode.Uri.parse(DOTNET_DOWNLOAD_URL));
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'rules.');
      });
      return;
    }
    const serverOptions: ServerOptions = {
      run: { command: server.command, args: server.args, options: { env: { ...process.env, NO_COLOR: '1' } } },
      debug: { command: server.command, args: server.args, options: { env: { ...process.env, NO_COLOR: '1' } } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'rules' },
        { scheme: 'untitled', language: 'rules' },
      ],
      // The server reads settings.rules.previewProfile from workspace/didChangeConfiguration.
      synchronize: { configurationSection: 'rules' },
      initializationOptions: () => serverSettings(this.previewProfile()),
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: {
        workspace: {
          // Send settings.rules as the server reads them (an empty preview profile as null).
          didChangeConfiguration: async () => {
            await this.client?.sendNotification(DidChangeConfigurationNotification.type, { settings: { rules: serverSettings(this.previewProfile()) } });
          },
        },
        // The server's `rules.runTest` (the code lens over each test) returns the test's result:
        // show it, since VS Code would otherwise drop it.
        executeCommand: async (command, args, next) => {
          const result = await next(command, args);
          if (command === 'rules.runTest' && result && typeof result === 'object') {
            const { name, passed, message } = result as { name?: string; passed?: boolean; message?: string };
            const text = `Test "${name}": ${message ?? (passed ? 'passed' : 'failed')}`;
            if (passed) void vscode.window.showInformationMessage(text);
            else void vscode.window.showWarningMessage(text);
          }
          return result;
        },
      },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
      this.status.severity = vscode.LanguageStatusSeverity.Information;
      this.status.text = 'Rules';
      this.status.detail = server.source === 'bundled' ? 'bundled server' : server.command;
      this.output.info('The language server is running');
    } catch (error) {
      this.client = undefined;
      this.status.severity = vscode.LanguageStatusSeverity.Error;
      this.status.text = 'Rules: server failed';
      const message = `Back Pain Rules: the language server did not start: ${(error as Error).message ?? error}`;
      this.output.error(message);
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
        if (choice) this.output.show();
      });
      try {
        await client.dispose();
      } catch {
        // Already gone.
      }
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.state === State.Running || client.state === State.Starting) await client.stop(5000);
      await client.dispose();
    } catch (error) {
      this.output.warn(`Stopping the language server: ${(error as Error).message ?? error}`);
    }
  }

  previewProfile(): string | undefined {
    return vscode.workspace.getConfiguration('rules').get<string>('previewProfile');
  }

  dispose(): void {
    this.status.dispose();
  }
}

let rulesClient: RulesClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const client = new RulesClient(context);
  rulesClient = client;
  context.subscriptions.push(client, client.output, client.trace);

  context.subscriptions.push(
    vscode.commands.registerCommand('rules.restartServer', () => client.restart()),
    vscode.commands.registerCommand('rules.showOutput', () => client.output.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('rules.server.path') || event.affectsConfiguration('rules.dotnet.path')) {
        void client.restart();
      }
    }),
  );
  if (vscode.env.remoteName) {
    // Machine settings (scope machine-overridable) of a remote window come from its Remote settings only.
    client.output.info(`A remote window (${vscode.env.remoteName}): rules.dotnet.path and rules.server.path are read from the Remote settings of the machine the server runs on, or the workspace's, not from the User settings`);
  }
  registerCommands(context, client);
  registerTesting(context, client);
  registerProfileSchema(context, client);

  await client.start();
}

export async function deactivate(): Promise<void> {
  if (rulesClient) await rulesClient.stop();
  rulesClient = undefined;
}
