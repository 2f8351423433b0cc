// Just enough of the `vscode` API to activate the bundled extension in plain Node: it records
// registered commands, messages and status, and answers everything else with inert objects.
import Module = require('module');

export interface Recorded {
  commands: Map<string, (...args: any[]) => any>;
  errors: { message: string; actions: string[] }[];
  infos: string[];
  contentProviders: string[];
  testControllers: string[];
  settings: Record<string, unknown>;
  logs: string[];
  /** What plain (non-log) output channels were given, by channel name. */
  channelText: Map<string, string>;
  /** Fires onDidChangeConfiguration as VS Code does when the setting `key` changed (it affects `key` and its parents). */
  changeConfiguration(section: string): void;
}

function inert(): any {
  const target = function () {};
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : inert()),
    apply: () => inert(),
    construct: () => inert(),
  });
}

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  };
  fire(e: T) {
    this.listeners.forEach((l) => l(e));
  }
  dispose() {}
}

class Uri {
  constructor(readonly scheme: string, readonly fsPath: string) {}
  static file(p: string) { return new Uri('file', p); }
  static parse(s: string) { return new Uri(s.split(':')[0], s); }
  static joinPath(base: Uri, ...parts: string[]) { return new Uri(base.scheme, [base.fsPath, ...parts].join('/')); }
  toString() { return this.scheme === 'file' ? `file://${this.fsPath}` : this.fsPath; }
}

const event = () => () => ({ dispose: () => undefined });

export function installVscodeMock(settings: Record<string, unknown>): Recorded {
  const configurationListeners: ((e: { affectsConfiguration(s: string): boolean }) => void)[] = [];
  const recorded: Recorded = {
    commands: new Map(), errors: [], infos: [], contentProviders: [], testControllers: [], settings, logs: [], channelText: new Map(),
    changeConfiguration: (key: string) => configurationListeners.forEach((l) => l({ affectsConfiguration: (s: string) => key === s || key.startsWith(`${s}.`) })),
  };
  const plainChannel = (name: string) => {
    const add = (text: string) => recorded.channelText.set(name, (recorded.channelText.get(name) ?? '') + text);
    return { name, append: add, appendLine: (line: string) => add(`${line}\n`), replace: (t: string) => recorded.channelText.set(name, t), clear: () => recorded.channelText.set(name, ''), show() {}, hide() {}, dispose() {} };
  };
  const channel = (name: string, options?: unknown) => options === undefined ? plainChannel(name) : ({
    info: (m: string) => recorded.logs.push(m), warn: (m: string) => recorded.logs.push(m), error: (m: string) => recorded.logs.push(m),
    trace() {}, debug() {}, append() {}, appendLine() {}, show() {}, hide() {}, clear() {}, dispose() {}, replace() {},
    name: 'channel', logLevel: 2, onDidChangeLogLevel: event(),
  });
  const items = () => {
    const map = new Map<string, any>();
    return {
      get: (id: string) => map.get(id), add: (item: any) => map.set(item.id, item), delete: (id: string) => map.delete(id),
      replace: (list: any[]) => { map.clear(); list.forEach((i) => map.set(i.id, i)); },
      forEach: (f: (i: any) => void) => map.forEach((i) => f(i)), get size() { return map.size; },
    };
  };
  const api: Record<string, any> = {
    Uri, EventEmitter,
    Disposable: class { constructor(private readonly f: () => void) {} dispose() { this.f?.(); } static from() { return { dispose() {} }; } },
    LanguageStatusSeverity: { Information: 0, Warning: 1, Error: 2 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TestRunProfileKind: { Run: 1, Debug: 2, Coverage: 3 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    window: {
      createOutputChannel: channel,
      showErrorMessage: (message: string, ...actions: string[]) => { recorded.errors.push({ message, actions }); return Promise.resolve(undefined); },
      showWarningMessage: (message: string) => { recorded.infos.push(message); return Promise.resolve(undefined); },
      showInformationMessage: (message: string) => { recorded.infos.push(message); return Promise.resolve(undefined); },
      onDidChangeActiveTextEditor: event(),
      activeTextEditor: undefined,
    },
    languages: {
      createLanguageStatusItem: () => ({ dispose() {} }),
    },
    commands: {
      registerCommand: (id: string, f: (...args: any[]) => any) => {
        if (recorded.commands.has(id)) throw new Error(`command '${id}' already exists`);
        recorded.commands.set(id, f);
        return { dispose: () => recorded.commands.delete(id) };
      },
      executeCommand: () => Promise.resolve(undefined),
    },
    workspace: {
      getConfiguration: (section?: string) => ({
        get: (key: string, fallback?: unknown) => {
          const full = section ? `${section}.${key}` : key;
          return full in settings ? settings[full] : fallback;
        },
        update: () => Promise.resolve(),
      }),
      onDidChangeConfiguration: (listener: (e: { affectsConfiguration(s: string): boolean }) => void) => {
        configurationListeners.push(listener);
        return { dispose: () => configurationListeners.splice(configurationListeners.indexOf(listener), 1) };
      },
      onDidOpenTextDocument: event(), onDidChangeTextDocument: event(),
      createFileSystemWatcher: () => ({ onDidCreate: event(), onDidChange: event(), onDidDelete: event(), dispose() {} }),
      registerTextDocumentContentProvider: (scheme: string) => { recorded.contentProviders.push(scheme); return { dispose() {} }; },
      findFiles: () => Promise.resolve([]),
      textDocuments: [],
      workspaceFolders: undefined,
      getWorkspaceFolder: () => undefined,
      asRelativePath: (p: any) => String(p),
    },
    tests: {
      createTestController: (id: string) => {
        recorded.testControllers.push(id);
        return { items: items(), createTestItem: (tid: string, label: string, uri: any) => ({ id: tid, label, uri, children: items() }), createRunProfile: () => ({ dispose() {} }), dispose() {} };
      },
    },
    env: { openExternal: () => Promise.resolve(true) },
    version: '1.91.0',
  };
  const vscode = new Proxy(api, { get: (t, key: string) => (key in t ? t[key] : inert()) });
  const load = (Module as any)._load;
  (Module as any)._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return vscode;
    return load.call(this, request, ...rest);
  };
  return recorded;
}
