// Runs the `rules` command line (the same program as the server). Free of the `vscode` module.
import { spawn } from 'child_process';
import { cliCommand, ServerCommand } from './serverPath';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  error?: Error;
}

export interface RunOptions {
  cwd?: string;
  /** Aborts the run (the process is killed). */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export function runCli(server: ServerCommand, args: string[], options: RunOptions = {}): Promise<CliResult> {
  const { command, args: fullArgs } = cliCommand(server, args);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (result: CliResult) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    // NO_COLOR: plain output even if a terminal is somehow attached.
    const child = spawn(command, fullArgs, { cwd: options.cwd, env: { ...process.env, ...options.env, NO_COLOR: '1' }, signal: options.signal });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => done({ code: null, stdout, stderr, error }));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** One line of `rules check` style output: `FILE:LINE:COL: error|warning CODE: message`. */
export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

export function parseDiagnostics(text: string): CliDiagnostic[] {
  const result: CliDiagnostic[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(.*?):(\d+):(\d+): (error|warning) (\w+): (.*)$/.exec(line);
    if (match) {
      result.push({
        file: match[1],
        line: Number(match[2]),
        column: Number(match[3]),
        severity: match[4] as 'error' | 'warning',
        code: match[5],
        message: match[6],
      });
    }
  }
  return result;
}
