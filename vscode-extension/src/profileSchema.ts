// Which JSON files are runner profiles, which rule set describes them, and the schema the JSON
// language features use for validation and completion. Free of the `vscode` module.
import * as path from 'path';

/** The `fileMatch` of the `jsonValidation` contribution (package.json); the last matching pattern decides. */
export const PROFILE_FILE_MATCH = ['**/profiles/*.json', '*.profile.json', '!**/*.expected.json'];

/** The virtual document that holds the schema; the extension serves it with a content provider. */
export const SCHEMA_SCHEME = 'rules-schema';
export const SCHEMA_URI = `${SCHEMA_SCHEME}://schema/profile.schema.json`;

/** Turns a fileMatch glob into a regular expression over a `/`-separated path. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${source}$`);
}

/** Whether a file is a profile by PROFILE_FILE_MATCH (patterns without `/` match the file name). */
export function isProfilePath(file: string, patterns: string[] = PROFILE_FILE_MATCH): boolean {
  const normalized = file.replace(/\\/g, '/');
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    const target = glob.includes('/') ? normalized : path.posix.basename(normalized);
    if (globToRegExp(glob).test(target)) matched = !negated;
  }
  return matched;
}

/**
 * The files and folders of the workspace's rule set, as absolute paths: the `rules.ruleSet`
 * setting (relative to the workspace folder), else the workspace folder itself (every `.rules`
 * file below it), else the folder of the file at hand.
 */
export function ruleSetPaths(setting: readonly string[] | undefined, workspaceFolder: string | undefined, fallbackFile?: string): string[] {
  const configured = (setting ?? []).map((p) => p.trim()).filter((p) => p.length > 0);
  if (configured.length > 0) {
    return configured.map((p) => (path.isAbsolute(p) || !workspaceFolder ? p : path.join(workspaceFolder, p)));
  }
  if (workspaceFolder) return [workspaceFolder];
  if (fallbackFile) return [path.dirname(fallbackFile)];
  return [];
}

export function rulesArgs(paths: readonly string[]): string[] {
  return paths.flatMap((p) => ['--rules', p]);
}

export function schemaArgs(paths: readonly string[]): string[] {
  return ['schema', ...rulesArgs(paths)];
}

/** Checks that `rules schema` printed a JSON Schema object and returns it as text. */
export function schemaFromOutput(stdout: string): string {
  const schema = JSON.parse(stdout);
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('rules schema did not print a JSON object');
  if (schema.type !== 'object') throw new Error('rules schema did not print the schema of an object');
  return JSON.stringify(schema, null, 2);
}

/** Served while the rule set cannot give a schema (errors in the rules, no server): allows any profile. */
export function fallbackSchema(message: string): string {
  return JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Profile (rule set unavailable)',
    description: `No schema from the rule set: ${message}`,
    type: 'object',
  }, null, 2);
}
