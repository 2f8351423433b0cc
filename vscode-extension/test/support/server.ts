// Finds (or builds) the `rules` server for the end-to-end tests.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ServerCommand } from '../../src/serverPath';
import { extensionRoot, repoRoot } from './paths';

let cached: string | undefined;

/**
 * The server dll: $RULES_SERVER_DLL, else the one bundled into the extension (server/rules.dll, made
 * by `npm run bundle-server`), else the CLI's own build output (built here with `dotnet build` if
 * missing).
 */
export function serverDll(): string {
  if (cached) return cached;
  const candidates = [
    process.env.RULES_SERVER_DLL,
    path.join(extensionRoot, 'server', 'rules.dll'),
    path.join(repoRoot, 'src', 'BackPainRules.Cli', 'bin', 'Release', 'net10.0', 'rules.dll'),
    path.join(repoRoot, 'src', 'BackPainRules.Cli', 'bin', 'Debug', 'net10.0', 'rules.dll'),
  ].filter((p): p is string => !!p);
  let found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    execFileSync('dotnet', ['build', path.join(repoRoot, 'src', 'BackPainRules.Cli'), '-c', 'Debug', '--nologo', '-v', 'q'], { stdio: 'inherit' });
    found = candidates[candidates.length - 1];
  }
  cached = found;
  return found;
}

export function serverCommand(): ServerCommand {
  const dll = serverDll();
  return { command: 'dotnet', args: [dll, 'lsp'], source: 'setting', dll };
}
