// Where the language server is and how to start it. Free of the `vscode` module so that it can be
// unit-tested in plain Node.
import * as path from 'path';

/** The command line that starts `rules lsp`. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** `bundled`: the server inside the extension; `setting`: from `rules.server.path`. */
  source: 'bundled' | 'setting';
  /** The .dll run by `dotnet`, when the server is started through `dotnet`. */
  dll?: string;
}

export interface ResolveOptions {
  /** The value of the `rules.server.path` setting (empty or undefined: the bundled server). */
  configuredPath?: string;
  /** The folder the extension is installed in. */
  extensionPath: string;
  /** The first workspace folder, for relative paths and `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** The `dotnet` executable (the `rules.dotnet.path` setting); default `dotnet`. */
  dotnetPath?: string;
  homeDir?: string;
}

/** The server published into the extension by `npm run bundle-server`. */
export function bundledServerDll(extensionPath: string): string {
  return path.join(extensionPath, 'server', 'rules.dll');
}

/** Expands `~`, `${workspaceFolder}` and `${userHome}`; a relative path is taken from the workspace folder. */
export function expandPath(value: string, options: { workspaceFolder?: string; homeDir?: string }): string {
  let result = value.trim();
  const home = options.homeDir ?? '';
  if (home && (result === '~' || result.startsWith('~/') || result.startsWith('~\\'))) {
    result = path.join(home, result.slice(1));
  }
  result = result.replace(/\$\{userHome\}/g, home);
  if (options.workspaceFolder) {
    result = result.replace(/\$\{workspaceFolder\}/g, options.workspaceFolder);
    if (!path.isAbsolute(result) && /[\\/]/.test(result)) result = path.join(options.workspaceFolder, result);
  }
  return result;
}

/**
 * The command that starts the server. Without a setting, `dotnet <extension>/server/rules.dll lsp`.
 * A setting naming a `.dll` is run with `dotnet`; anything else (the `rules` .NET tool, an apphost)
 * is run as it is, with `lsp`. A bare command name such as `rules` is looked up on the PATH.
 */
export function resolveServerCommand(options: ResolveOptions): ServerCommand {
  const dotnet = options.dotnetPath?.trim() || 'dotnet';
  const configured = options.configuredPath?.trim();
  if (!configured) {
    const dll = bundledServerDll(options.extensionPath);
    return { command: dotnet, args: [dll, 'lsp'], source: 'bundled', dll };
  }
  const expanded = expandPath(configured, options);
  if (expanded.toLowerCase().endsWith('.dll')) {
    return { command: dotnet, args: [expanded, 'lsp'], source: 'setting', dll: expanded };
  }
  return { command: expanded, args: ['lsp'], source: 'setting' };
}

/** The same server, for a CLI command (`eval`, `test`, `schema`, `graph`) instead of `lsp`. */
export function cliCommand(server: ServerCommand, args: string[]): { command: string; args: string[] } {
  return { command: server.command, args: [...server.args.slice(0, -1), ...args] };
}

export interface Runtime {
  name: string;
  version: string;
}

/** Parses `dotnet --list-runtimes` ("Microsoft.NETCore.App 10.0.0 [/usr/share/dotnet/...]"). */
export function parseRuntimes(output: string): Runtime[] {
  const runtimes: Runtime[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S+)\s+(\d+\.\d+\.\d+\S*)\s+\[/.exec(line);
    if (match) runtimes.push({ name: match[1], version: match[2] });
  }
  return runtimes;
}

/** The framework a published app needs, from its `*.runtimeconfig.json`. */
export function requiredRuntime(runtimeConfigJson: string): Runtime | undefined {
  try {
    const options = JSON.parse(runtimeConfigJson)?.runtimeOptions;
    const framework = options?.framework ?? options?.frameworks?.[0];
    if (typeof framework?.name === 'string' && typeof framework?.version === 'string') {
      return { name: framework.name, version: framework.version };
    }
  } catch {
    // Not JSON: nothing is known about the runtime.
  }
  return undefined;
}

function parts(version: string): number[] {
  return version.split(/[.-]/).slice(0, 3).map((p) => Number.parseInt(p, 10) || 0);
}

/**
 * Whether one of the installed runtimes can run an app built for `required`, with .NET's default
 * roll-forward (`Minor`): the same major version, and a minor.patch at least the required one.
 */
export function hasRuntime(installed: Runtime[], required: Runtime): boolean {
  const [major, minor, patch] = parts(required.version);
  return installed.some((runtime) => {
    if (runtime.name !== required.name) return false;
    const [M, m, p] = parts(runtime.version);
    return M === major && (m > minor || (m === minor && p >= patch));
  });
}

export const DOTNET_DOWNLOAD_URL = 'https://dotnet.microsoft.com/download';

/** The message shown when .NET cannot run the server. */
export function missingDotnetMessage(problem: 'notFound' | 'noRuntime', required: Runtime | undefined, dotnetPath: string, installed: Runtime[] = []): string {
  const needed = required ? `.NET ${parts(required.version)[0]} (${required.name} ${required.version} or a later ${parts(required.version)[0]}.x)` : 'the .NET runtime';
  if (problem === 'notFound') {
    return `Back Pain Rules: the language server needs ${needed}, but '${dotnetPath}' was not found. ` +
      `Install .NET from ${DOTNET_DOWNLOAD_URL}, or set 'rules.dotnet.path' to the dotnet executable, then run 'Rules: Restart Language Server'.`;
  }
  const found = installed.filter((r) => !required || r.name === required.name).map((r) => r.version);
  return `Back Pain Rules: the language server needs ${needed}; '${dotnetPath}' has ${found.length ? found.join(', ') : 'no such runtime'}. ` +
    `Install it from ${DOTNET_DOWNLOAD_URL}, then run 'Rules: Restart Language Server'.`;
}
