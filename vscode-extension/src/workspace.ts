// What the commands share: the server's command line, the workspace's rule set, the folder to run in.
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { describePaths, relativeName } from './names';
import { ServerCommand } from './serverPath';
import { ruleSetPaths } from './profileSchema';

export interface Host {
  serverCommand(): ServerCommand;
  readonly output: vscode.LogOutputChannel;
}

/** The folder commands run in: the workspace folder of a file, else the first one, else the file's folder. */
export function workingFolder(file?: vscode.Uri): string | undefined {
  const folder = (file && vscode.workspace.getWorkspaceFolder(file)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? (file ? path.dirname(file.fsPath) : undefined);
}

/** The rule set of the `rules.ruleSet` setting, else the workspace folder. */
export function currentRuleSet(file?: vscode.Uri): string[] {
  const folder = (file && vscode.workspace.getWorkspaceFolder(file)) ?? vscode.workspace.workspaceFolders?.[0];
  const setting = vscode.workspace.getConfiguration('rules', folder?.uri).get<string[]>('ruleSet');
  const active = vscode.window.activeTextEditor?.document;
  const fallback = file?.fsPath ?? (active?.languageId === 'rules' && active.uri.scheme === 'file' ? active.uri.fsPath : undefined);
  return ruleSetPaths(setting, folder?.uri.fsPath, fallback);
}

function folders(): { name: string; fsPath: string }[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
}

/**
 * A short text for a rule set, relative to the workspace: the workspace folder itself by its name
 * (`vscode.workspace.asRelativePath` gives a folder's absolute path back, which titles showed).
 */
export function describeRuleSet(paths: string[]): string {
  return describePaths(paths, folders(), os.homedir());
}

/** A file's or folder's name relative to the workspace, for a title or a description. */
export function describeFile(file: vscode.Uri | string): string {
  return relativeName(typeof file === 'string' ? file : file.fsPath, folders(), os.homedir());
}
