// Starts code-server (VS Code served to a browser) with the built .vsix installed, on 127.0.0.1 at a
// port the system picks, with its own user data, extensions and config folders, and opens it in
// Debian's Chromium through playwright-core. Used by the *.spec.ts suites of this folder, which
// scripts/test-code-server.js runs after scripts/code-server-setup.sh has filled the cache.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { extensionRoot, manifest } from '../../support/paths';

/** What scripts/test-code-server.js hands the suites (from scripts/code-server-setup.sh). */
export interface Tools {
  /** The Node 24 that runs code-server. */
  node: string;
  /** code-server's entry script (out/node/entry.js). */
  codeServer: string;
  chromium: string;
  vsix: string;
  /** Where screenshots of failures and the logs of each session are kept. */
  artefacts: string;
}

export function tools(): Tools {
  const need = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run these tests through scripts/test-code-server.js (npm run test:code-server)`);
    if (!fs.existsSync(value)) throw new Error(`${name}=${value} does not exist`);
    return value;
  };
  const vsix = process.env.BPR_VSIX ?? path.join(extensionRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run npm run package first`);
  const artefacts = path.resolve(process.env.TEST_RESULTS_DIR ?? path.join(extensionRoot, 'TestResults'), 'code-server');
  fs.mkdirSync(artefacts, { recursive: true });
  return { node: need('BPR_CODE_SERVER_NODE'), codeServer: need('BPR_CODE_SERVER_ENTRY'), chromium: need('BPR_CHROMIUM'), vsix, artefacts };
}

/** User settings every session starts with: no autosave, nothing that reaches for the network or covers the editor. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'files.autoSave': 'off',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.hover.delay': 100,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.fontSize': 14,
  'window.restoreWindows': 'none',
  'workbench.editor.enablePreview': false,
};

export interface SessionOptions {
  /** A short name, for the folder of its files and its artefacts. */
  name: string;
  /** Files of the workspace folder, by relative path. */
  files: Record<string, string>;
  /** User settings on top of {@link BASE_SETTINGS}. */
  settings?: Record<string, unknown>;
  /** code-server's Machine settings (a remote window's "Remote settings"). */
  machineSettings?: Record<string, unknown>;
}

/** Signals code-server's process group (it was started detached, as the group's leader). */
function killGroup(server: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-server.pid!, signal);
  } catch {
    // The group is gone already.
  }
}

export class CodeServerSession {
  private serverLog = '';
  private constructor(
    readonly tools: Tools,
    readonly name: string,
    readonly root: string,
    readonly workspace: string,
    readonly userData: string,
    private readonly server: ChildProcess,
    readonly url: string,
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async start(options: SessionOptions): Promise<CodeServerSession> {
    const t = tools();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `bpr-code-server-${options.name}-`));
    const userData = path.join(root, 'user-data');
    const extensions = path.join(root, 'extensions');
    const workspace = path.join(root, 'workspace');
    const config = path.join(root, 'config.yaml');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(extensions);
    for (const [file, text] of Object.entries(options.files)) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), text);
    }
    // Port 0: the system picks a free one, which code-server then prints.
    fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
    if (options.machineSettings) {
      fs.mkdirSync(path.join(userData, 'Machine'), { recursive: true });
      fs.writeFileSync(path.join(userData, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
    }
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
    // code-server writes a default config and data under XDG folders: keep them in the session's folder.
    const env = {
      ...process.env,
      PATH: `${path.dirname(t.node)}${path.delimiter}${process.env.PATH ?? ''}`,
      XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
      XDG_DATA_HOME: path.join(root, 'xdg-data'),
    };

    const install = spawnSync(t.node, [t.codeServer, ...common, '--install-extension', t.vsix], { encoding: 'utf8', env, timeout: 60_000 });
    if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
      throw new Error(`installing ${t.vsix} into code-server failed (${install.status}): ${install.stdout}${install.stderr}`);
    }

    // Its own process group, so that stop() ends the extension host and the language servers with it.
    const server = spawn(t.node, [t.codeServer, ...common, workspace], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    let browser: Browser | undefined;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log}`)), 60_000);
        const check = () => {
          const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        server.stdout!.on('data', check);
        server.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`code-server exited with ${code}:\n${log}`));
        });
      });

      browser = await chromium.launch({
        executablePath: t.chromium,
        // The machine has no network: keep Chromium from reaching for it.
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const session = new CodeServerSession(t, options.name, root, workspace, userData, server, url, browser, page);
      session.serverLog = log;
      server.stdout!.on('data', (d) => (session.serverLog += d));
      server.stderr!.on('data', (d) => (session.serverLog += d));
      await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
      return session;
    } catch (error) {
      // Leave nothing running, and keep what code-server said beside the screenshots.
      await browser?.close().catch(() => undefined);
      killGroup(server, 'SIGKILL');
      fs.writeFileSync(path.join(t.artefacts, `${options.name}-start-failure.log`), log);
      throw error;
    }
  }

  /** The text of one of the extension's output channels, from the file VS Code keeps for it (empty if none yet). */
  readonly outputChannel = (name: string): string => {
    const logs = path.join(this.userData, 'logs');
    if (!fs.existsSync(logs)) return '';
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        // A log channel is <extension id>/<name>.log; a plain one output_logging_*/<n>-<name>.log.
        else if (entry.name === `${name}.log` ? full.includes(`${manifest.publisher}.${manifest.name}`) : /^\d+-(.*)\.log$/.exec(entry.name)?.[1] === name) files.push(full);
      }
    };
    walk(logs);
    return files.sort().map((f) => fs.readFileSync(f, 'utf8')).join('');
  };

  /** Writes the workspace folder's .vscode/settings.json anew (an empty object removes it); VS Code applies it at once.
   * (code-server does not see changes to the user settings file while it runs.) */
  readonly writeWorkspaceSettings = (settings: Record<string, unknown>): void => {
    const dir = path.join(this.workspace, '.vscode');
    if (Object.keys(settings).length === 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      return;
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
  };

  /** Keeps a screenshot of the page under the artefacts folder; returns its path. */
  async screenshot(label: string): Promise<string> {
    const file = path.join(this.tools.artefacts, `${this.name}-${label.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** Closes the browser and code-server, keeps the logs beside the screenshots, removes the rest. */
  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    const exited = new Promise((resolve) => this.server.once('exit', resolve));
    if (this.server.exitCode === null) {
      killGroup(this.server, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    killGroup(this.server, 'SIGKILL');
    const keep = path.join(this.tools.artefacts, `${this.name}-logs`);
    fs.rmSync(keep, { recursive: true, force: true });
    fs.mkdirSync(keep, { recursive: true });
    fs.writeFileSync(path.join(keep, 'code-server.log'), this.serverLog);
    for (const channel of ['Back Pain Rules', 'Back Pain Rules Trace']) {
      fs.writeFileSync(path.join(keep, `${channel}.log`), this.outputChannel(channel));
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
