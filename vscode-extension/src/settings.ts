// What the server is told about the settings. Free of the `vscode` module.

/**
 * The `settings` of workspace/didChangeConfiguration and the initializationOptions: the server
 * reads `rules.previewProfile` (a path, relative to the workspace folder) and treats null as "no
 * live evaluation", so an empty setting is sent as null rather than as a path to nothing.
 */
export function serverSettings(previewProfile: string | undefined | null): { previewProfile: string | null } {
  const value = previewProfile?.trim();
  return { previewProfile: value ? value : null };
}

/**
 * The log level the trace channel must have for `rules.trace.server`: `trace` for `messages` and
 * `verbose` (the client then traces with that verbosity), `off` for `off` and anything else.
 */
export function traceLevelOf(setting: string | undefined | null): 'trace' | 'off' {
  return setting === 'messages' || setting === 'verbose' ? 'trace' : 'off';
}
