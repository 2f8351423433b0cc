// Checks that .NET can run the server before the client starts it. Free of the `vscode` module.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { hasRuntime, missingDotnetMessage, parseRuntimes, requiredRuntime, Runtime, ServerCommand } from './serverPath';

export type DotnetCheck = { ok: true } | { ok: false; problem: 'notFound' | 'noRuntime' | 'noServer'; message: string };

function listRuntimes(dotnet: string): Promise<{ error?: { code?: string | number | null }; stdout: string }> {
  return new Promise((resolve) => {
    execFile(dotnet, ['--list-runtimes'], { timeout: 30000 }, (error, stdout) => resolve({ error: error ?? undefined, stdout: String(stdout) }));
  });
}

/**
 * For a server run through `dotnet`: the .dll exists, `dotnet` runs, and it has the framework the
 * .dll's runtimeconfig asks for. A server that is an executable of its own is not checked here
 * (starting it reports its own errors).
 */
export async function checkDotnet(server: ServerCommand): Promise<DotnetCheck> {
  if (!server.dll) return { ok: true };
  if (!fs.existsSync(server.dll)) {
    const hint = server.source === 'bundled'
      ? 'This copy of the extension has no bundled server (run `npm run bundle-server` when building it), or set `rules.server.path`.'
      : 'Check the `rules.server.path` setting.';
    return { ok: false, problem: 'noServer', message: `Back Pain Rules: the language server ${server.dll} does not exist. ${hint}` };
  }
  const configPath = path.join(path.dirname(server.dll), path.basename(server.dll, '.dll') + '.runtimeconfig.json');
  let required: Runtime | undefined;
  try {
    required = requiredRuntime(fs.readFileSync(configPath, 'utf8'));
  } catch {
    required = undefined;
  }
  const { error, stdout } = await listRuntimes(server.command);
  if (error && (error.code === 'ENOENT' || error.code === 'EACCES')) {
    return { ok: false, problem: 'notFound', message: missingDotnetMessage('notFound', required, server.command) };
  }
  const installed = parseRuntimes(stdout);
  if (required && !hasRuntime(installed, required)) {
    return { ok: false, problem: 'noRuntime', message: missingDotnetMessage('noRuntime', required, server.command, installed) };
  }
  return { ok: true };
}
