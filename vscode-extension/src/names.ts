// How the panels name files and folders: relative to the workspace, never the absolute path of the
// machine (which means nothing to a reader, and is long). Free of the `vscode` module.
import * as path from 'path';

export interface Folder {
  /** The workspace folder's name, as VS Code's explorer shows it. */
  name: string;
  fsPath: string;
}

function inside(folder: string, file: string, sep: string): string | undefined {
  const base = folder.endsWith(sep) ? folder.slice(0, -1) : folder;
  if (file === base) return '';
  return file.startsWith(base + sep) ? file.slice(base.length + 1) : undefined;
}

/**
 * The name of a path for a title: a workspace folder by its name; a path inside one relative to it
 * (with `/`), prefixed by the folder's name when the workspace has several; a path under the home
 * folder as `~/...`; anything else as it is.
 */
export function relativeName(fsPath: string, folders: readonly Folder[], homeDir?: string, sep: string = path.sep): string {
  for (const folder of folders) {
    const rest = inside(folder.fsPath, fsPath, sep);
    if (rest === undefined) continue;
    if (rest === '') return folder.name;
    const relative = rest.split(sep).join('/');
    return folders.length > 1 ? `${folder.name}/${relative}` : relative;
  }
  const underHome = homeDir ? inside(homeDir, fsPath, sep) : undefined;
  if (underHome !== undefined) return underHome === '' ? '~' : `~/${underHome.split(sep).join('/')}`;
  return fsPath;
}

/** Several paths for a title, each by {@link relativeName}. */
export function describePaths(paths: readonly string[], folders: readonly Folder[], homeDir?: string, sep: string = path.sep): string {
  return paths.map((p) => relativeName(p, folders, homeDir, sep)).join(', ');
}
