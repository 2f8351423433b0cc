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
