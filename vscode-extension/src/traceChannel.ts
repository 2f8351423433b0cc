// The output channel "Back Pain Rules Trace", driven by the `rules.trace.server` setting.
//
// vscode-languageclient 11 traces only while its trace channel's log level is Trace, and a
// LogOutputChannel's level is the user's choice in the Output view (default Info), not the
// extension's: with a plain LogOutputChannel, `rules.trace.server` alone traced nothing. This channel
// reports the level the setting asks for (Trace for `messages` or `verbose`, Off for `off`) and
// says when it changes, so the client starts and stops tracing (and sends `$/setTrace`) with the
// setting; the client then takes the verbosity from the same setting.
import * as vscode from 'vscode';
import { traceLevelOf } from './settings';

export class TraceChannel implements vscode.LogOutputChannel {
  private readonly channel: vscode.OutputChannel;
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly listener: vscode.Disposable;
  private level: vscode.LogLevel;
  readonly onDidChangeLogLevel = this.changed.event;

  constructor(readonly name: string, private readonly section = 'rules') {
    this.channel = vscode.window.createOutputChannel(name);
    this.level = this.settingLevel();
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${section}.trace.server`)) return;
      const level = this.settingLevel();
      if (level === this.level) return;
      this.level = level;
      this.changed.fire(level);
    });
  }

  private settingLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration(this.section).get<string>('trace.server');
    return traceLevelOf(setting) === 'trace' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
  }

  get logLevel(): vscode.LogLevel {
    return this.level;
  }

  private write(message: string | Error): void {
    if (this.level === vscode.LogLevel.Off) return;
    this.channel.appendLine(typeof message === 'string' ? message : message.stack ?? message.message);
  }

  trace(message: string): void {
    this.write(message);
  }

  debug(message: string): void {
    this.write(message);
  }

  info(message: string): void {
    this.write(message);
  }

  warn(message: string): void {
    this.write(message);
  }

  error(error: string | Error): void {
    this.write(error);
  }

  append(value: string): void {
    this.channel.append(value);
  }

  appendLine(value: string): void {
    this.channel.appendLine(value);
  }

  replace(value: string): void {
    this.channel.replace(value);
  }

  clear(): void {
    this.channel.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.channel.dispose();
  }
}
