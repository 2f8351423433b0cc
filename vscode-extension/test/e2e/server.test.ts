// Starts the bundled `rules lsp` and speaks LSP to it over stdio with the protocol libraries that
// vscode-languageclient itself is built on (VS Code's runtime is not needed).
import * as assert from 'assert/strict';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  CompletionItem, CompletionList, CompletionRequest, DefinitionRequest, Diagnostic, DidChangeConfigurationNotification, DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification, ExecuteCommandRequest, ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, InitializeResult,
  InlayHintRequest, Location, PublishDiagnosticsNotification, PublishDiagnosticsParams, ShutdownRequest,
} from 'vscode-languageserver-protocol';
import { serverDll } from '../support/server';

const text = [
  'fact overstride: bool "Foot lands in front of the body"',
  'fact cadence: number 120..220 "Steps per minute"',
  'recommendation cadence_drill "Raise cadence 5-10%" priority high',
  'rule short_steps:',
  '  if overstride or cadense < 160',
  '  then recommend cadence_drill',
  '  because "Overstriding strains the low back"',
  'test "an overstrider gets cadence work":',
  '  given overstride',
  '  expect recommend cadence_drill',
  '',
].join('\n');

function withTimeout<T>(promise: Promise<T>, what: string, ms = 30000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('the bundled language server, over stdio', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-lsp-'));
  const file = path.join(folder, 'running.rules');
  const uri = pathToFileURL(file).toString();
  let server: ChildProcess;
  let connection: MessageConnection;
  let stderr = '';
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  let initialize: InitializeResult;

  function diagnosticsWhere(test: (p: PublishDiagnosticsParams) => boolean, what: string): Promise<PublishDiagnosticsParams> {
    const seen = published.find(test);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => waiters.push({ test, resolve })), what);
  }

  before(async () => {
    fs.writeFileSync(file, text);
    fs.writeFileSync(path.join(folder, 'overstrider.json'), JSON.stringify({ $id: 'overstrider', overstride: true }));
    server = spawn('dotnet', [serverDll(), 'lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      for (const waiter of [...waiters]) {
        if (waiter.test(params)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.onNotification('workspace/inlayHint/refresh', () => undefined);
    connection.listen();
    initialize = await withTimeout(connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'runners' }],
      capabilities: {},
      initializationOptions: { previewProfile: null },
    }), 'initialize');
    await connection.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    connection?.dispose();
    if (server && server.exitCode === null) server.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('announces the features the extension relies on', () => {
    const capabilities = initialize.capabilities as any;
    assert.ok(capabilities.completionProvider);
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.inlayHintProvider, true);
    assert.deepEqual(capabilities.executeCommandProvider.commands, ['rules.runTest']);
    assert.equal(initialize.serverInfo?.name, 'rules');
  });

  it('publishes an undeclared-name error (BPR101) with a "did you mean" when a document opens', async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'rules', version: 1, text } });
    const params = await diagnosticsWhere((p) => p.uri === uri && p.diagnostics.length > 0, 'diagnostics of the opened document');
    const error = params.diagnostics.find((d: Diagnostic) => d.code === 'BPR101');
    assert.ok(error, JSON.stringify(params.diagnostics));
    assert.equal(error.severity, 1);
    assert.deepEqual(error.range, { start: { line: 4, character: 19 }, end: { line: 4, character: 26 } });
    assert.match(JSON.stringify(error.message), /cadense/);
    assert.match(JSON.stringify(error.message), /cadence/);
  });

  it('completes fact names where a condition is expected', async () => {
    const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 4, character: 5 } });
    const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList).items;
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('overstride'), labels.join(', '));
    assert.ok(labels.includes('cadence'), labels.join(', '));
    assert.ok(!labels.includes('cadence_drill'), 'a recommendation is not a condition');
  });

  it('completes recommendations after `recommend`', async () => {
    const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 17 } });
    const labels = (Array.isArray(result) ? result : (result as CompletionList).items).map((i) => i.label);
    assert.ok(labels.includes('cadence_drill'), labels.join(', '));
  });

  it('hovers and goes to definitions', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 7 } });
    assert.match(JSON.stringify(hover?.contents), /Foot lands in front of the body/);
    const definition = (await connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 5, character: 20 } })) as Location;
    assert.equal(definition.uri, uri);
    assert.equal(definition.range.start.line, 2);
  });

  it('clears the error once the name is fixed', async () => {
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 19 }, end: { line: 4, character: 26 } }, text: 'cadence' }],
    });
    const params = await diagnosticsWhere((p) => p.uri === uri && p.version === 2, 'diagnostics of version 2');
    assert.deepEqual(params.diagnostics.filter((d) => d.severity === 1), []);
  });

  it('runs a test block through rules.runTest (the code lens command)', async () => {
    const result = await connection.sendRequest(ExecuteCommandRequest.type, { command: 'rules.runTest', arguments: [uri, 'an overstrider gets cadence work'] });
    assert.equal(result.name, 'an overstrider gets cadence work');
    assert.equal(result.passed, true);
  });

  it('evaluates live against the preview profile set through workspace/didChangeConfiguration', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } };
    const none = await connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range });
    assert.deepEqual(none ?? [], []);
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { rules: { previewProfile: 'overstrider.json' } } });
    const hints = (await connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? [];
    assert.ok(hints.length > 0, 'inlay hints for the preview profile');
    assert.match(JSON.stringify(hints.map((h) => h.label)), /fire/i);
  });

  it('shuts down and exits with 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    await withTimeout(connection.sendRequest(ShutdownRequest.type), 'shutdown');
    await connection.sendNotification(ExitNotification.type);
    assert.equal(await withTimeout(exited, 'exit'), 0, stderr);
  });
});
