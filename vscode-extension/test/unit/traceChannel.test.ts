// The trace channel's log level follows rules.trace.server (vscode-languageclient 11 traces only while
// its trace channel's level is Trace), against the stand-in for the VS Code API.
import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { traceLevelOf } from '../../src/settings';
import { installVscodeMock } from '../support/vscodeMock';

describe('rules.trace.server', () => {
  it('asks for the Trace level for messages and verbose, and for none otherwise', () => {
    assert.equal(traceLevelOf('messages'), 'trace');
    assert.equal(traceLevelOf('verbose'), 'trace');
    assert.equal(traceLevelOf('off'), 'off');
    assert.equal(traceLevelOf(undefined), 'off');
    assert.equal(traceLevelOf('everything'), 'off');
  });

  it('sets the trace channel\'s level, which the language client reads, and says when it changes', () => {
    const recorded = installVscodeMock({ 'rules.trace.server': 'off' });
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { TraceChannel } = require('../../src/traceChannel') as typeof import('../../src/traceChannel');
    const vscode = require('vscode');
    const channel = new TraceChannel('Back Pain Rules Trace');
    const levels: number[] = [];
    channel.onDidChangeLogLevel((level) => levels.push(level));

    assert.equal(channel.logLevel, vscode.LogLevel.Off);
    channel.trace("Sending request 'initialize - (0)'.");
    assert.equal(recorded.channelText.get('Back Pain Rules Trace') ?? '', '', 'off: nothing is written');

    recorded.settings['rules.trace.server'] = 'verbose';
    recorded.changeConfiguration('rules.trace.server');
    assert.equal(channel.logLevel, vscode.LogLevel.Trace);
    channel.trace("Sending notification 'textDocument/didChange'.\nParams: {}");
    assert.equal(recorded.channelText.get('Back Pain Rules Trace'), "Sending notification 'textDocument/didChange'.\nParams: {}\n");

    recorded.settings['rules.trace.server'] = 'messages';
    recorded.changeConfiguration('rules.trace.server');
    recorded.changeConfiguration('rules.previewProfile');
    recorded.settings['rules.trace.server'] = 'off';
    recorded.changeConfiguration('rules.trace.server');
    assert.deepEqual(levels, [vscode.LogLevel.Trace, vscode.LogLevel.Off], 'one event per change of level, none for other settings or the same level');
    channel.dispose();
  });
});
