using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using BackPainRules.LanguageServer;
using Microsoft.VisualStudio.Threading;
using Nerdbank.Streams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using StreamJsonRpc;

namespace BackPainRules.Tests.LanguageServer.Support;

/// <summary>
/// A small LSP client for tests: StreamJsonRpc with LSP's header framing and camelCase JSON, speaking
/// either to <see cref="LanguageServerHost.RunAsync"/> over an in-memory duplex stream, or to a real
/// <c>rules lsp</c> process over its pipes. Every byte the server writes is recorded, so tests can check
/// that it is protocol only. Diagnostics the server publishes are queued per document.
/// </summary>
public sealed class LspTestClient : System.IAsyncDisposable
{
    /// <summary>How long a test waits for an answer or a notification before failing.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly JsonRpc rpc;
    private readonly RecordingStream received;
    private readonly Func<string> serverLog;
    private readonly Func<ValueTask> stopServer;
    private readonly ConcurrentDictionary<string, Channel<JObject>> diagnostics = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<JObject> allDiagnostics = new();
    private readonly ConcurrentQueue<JObject> logTraces = new();

    private LspTestClient(Stream sending, Stream receiving, Task<int> serverExit, Func<string> serverLog, Func<ValueTask> stopServer)
    {
        received = new RecordingStream(receiving);
        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.ContractResolver = new CamelCasePropertyNamesContractResolver();
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        rpc = new JsonRpc(new HeaderDelimitedMessageHandler(sending, received, formatter));
        // Handle the server's notifications one at a time, in the order they arrive.
        rpc.SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false);
        rpc.AddLocalRpcTarget(new ClientMethods(this), new JsonRpcTargetOptions { AllowNonPublicInvocation = false });
        rpc.StartListening();
        ServerExit = serverExit;
        this.serverLog = serverLog;
        this.stopServer = stopServer;
    }

    /// <summary>The server's exit code, once it has ended.</summary>
    public Task<int> ServerExit { get; }

    /// <summary>What the server wrote to its log (stderr for the process).</summary>
    public string ServerLog => serverLog();

    /// <summary>The result of <c>initialize</c>, if the client sent it.</summary>
    public JObject? InitializeResult { get; private set; }

    /// <summary>Every byte the server has written to the client so far, as LSP messages; throws if it is not pure protocol.</summary>
    public IReadOnlyList<JObject> ServerMessages => LspFrames.Parse(received.Recorded);

    /// <summary>Every <c>$/logTrace</c> the server has sent so far, in order.</summary>
    public IReadOnlyList<JObject> LogTraces => logTraces.ToList();

    /// <summary>Waits for a <c>$/logTrace</c> that matches <paramref name="where"/> (earlier ones count too).</summary>
    public async Task<JObject> LogTraceAsync(Func<JObject, bool> where)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (logTraces.FirstOrDefault(where) is { } found) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no matching $/logTrace within {Timeout.TotalSeconds} s; got: [{string.Join(", ", logTraces.Select(t => t.ToString(Newtonsoft.Json.Formatting.None)))}]. Server log:\n{ServerLog}");
    }

    /// <summary>Every publishDiagnostics the server has sent so far, in order.</summary>
    public IReadOnlyList<JObject> AllPublishedDiagnostics => allDiagnostics.ToList();

    // ---- Starting ----

    /// <summary>Runs <see cref="LanguageServerHost.RunAsync"/> on one end of a duplex stream and connects to the other end.</summary>
    public static async Task<LspTestClient> StartInProcessAsync(
        string? rootFolder = null, object? initializationOptions = null, bool initialize = true, TimeSpan? debounce = null)
    {
        var (clientSide, serverSide) = FullDuplexStream.CreatePair();
        var logText = new StringWriter();
        var log = TextWriter.Synchronized(logText);
        var serverExit = Task.Run(() => LanguageServerHost.RunAsync(serverSide, serverSide, log, debounce ?? TimeSpan.FromMilliseconds(20)));
        string ReadLog()
        {
            lock (log) return logText.ToString();
        }
        var client = new LspTestClient(clientSide, clientSide, serverExit, ReadLog, () =>
        {
            clientSide.Dispose();
            return ValueTask.CompletedTask;
        });
        if (initialize) await client.InitializeAsync(rootFolder, initializationOptions);
        return client;
    }

    /// <summary>Starts the real <c>rules lsp</c> (the built rules.dll beside the tests) and connects to its stdin/stdout.</summary>
    public static async Task<LspTestClient> StartProcessAsync(
        string workingDirectory, string? rootFolder = null, object? initializationOptions = null, bool initialize = true, JObject? capabilities = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rules.dll"));
        start.ArgumentList.Add("lsp");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        async Task<int> Exit()
        {
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        string ReadLog()
        {
            lock (stderr) return stderr.ToString();
        }
        var client = new LspTestClient(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, Exit(), ReadLog, async () =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        });
        client.ServerProcess = process;
        if (initialize) await client.InitializeAsync(rootFolder, initializationOptions, capabilities);
        return client;
    }

    /// <summary>When set, the client answers <c>workspace/inlayHint/refresh</c> with an error, as a client that cannot refresh does.</summary>
    public bool RefusesInlayHintRefresh { get; set; }

    /// <summary>The server's process, when the client started one.</summary>
    public Process? ServerProcess { get; private set; }

    /// <summary>Sends initialize (with <paramref name="capabilities"/>, or by default those of a client that can refresh inlay hints) and initialized.</summary>
    public async Task<JObject> InitializeAsync(string? rootFolder = null, object? initializationOptions = null, JObject? capabilities = null, string? trace = null)
    {
        var parameters = new JObject
        {
            ["processId"] = Environment.ProcessId,
            ["capabilities"] = capabilities ?? new JObject
            {
                ["workspace"] = new JObject { ["inlayHint"] = new JObject { ["refreshSupport"] = true }, ["configuration"] = false },
                ["textDocument"] = new JObject { ["publishDiagnostics"] = new JObject { ["versionSupport"] = true } },
            },
        };
        if (rootFolder is not null) parameters["rootUri"] = UriOf(rootFolder);
        if (rootFolder is not null) parameters["workspaceFolders"] = new JArray(new JObject { ["uri"] = UriOf(rootFolder), ["name"] = Path.GetFileName(rootFolder) });
        if (initializationOptions is not null) parameters["initializationOptions"] = JToken.FromObject(initializationOptions);
        if (trace is not null) parameters["trace"] = trace;
        var result = (JObject)(await RequestAsync("initialize", parameters))!;
        InitializeResult = result;
        await NotifyAsync("initialized", new JObject());
        return result;
    }

    // ---- Messages ----

    /// <summary>Sends a request and returns its result (null for a null result); an error response throws <see cref="RemoteInvocationException"/>.</summary>
    public async Task<JToken?> RequestAsync(string method, object? parameters = null, CancellationToken cancellation = default)
    {
        var answer = rpc.InvokeWithParameterObjectAsync<JToken?>(method, parameters, cancellation);
        var finished = await Task.WhenAny(answer, Task.Delay(Timeout, CancellationToken.None));
        if (finished != answer) throw new TimeoutException($"no answer to {method} within {Timeout.TotalSeconds} s. Server log:\n{ServerLog}");
        var result = await answer;
        return result is null || result.Type == JTokenType.Null ? null : result;
    }

    public Task NotifyAsync(string method, object? parameters = null) =>
        parameters is null ? rpc.NotifyAsync(method) : rpc.NotifyWithParameterObjectAsync(method, parameters);

    // ---- Documents ----

    public static string UriOf(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    public Task OpenAsync(string uri, string text, int version = 1) =>
        NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId = "rules", version, text } });

    public Task ChangeFullAsync(string uri, int version, string text) =>
        NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = new[] { new { text } } });

    /// <summary>Sends incremental changes, each an object with range and text.</summary>
    public Task ChangeAsync(string uri, int version, params JObject[] changes) =>
        NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = changes });

    public static JObject Edit(JObject range, string text) => new() { ["range"] = range, ["text"] = text };

    public Task CloseAsync(string uri) => NotifyAsync("textDocument/didClose", new { textDocument = new { uri } });

    /// <summary>Opens a document and waits for its first diagnostics.</summary>
    public async Task<JArray> OpenAndWaitAsync(string uri, string text, int version = 1)
    {
        await OpenAsync(uri, text, version);
        return (JArray)(await DiagnosticsAsync(uri, version))["diagnostics"]!;
    }

    /// <summary>Changes a document to a full text and waits for the diagnostics of that version.</summary>
    public async Task<JArray> ChangeAndWaitAsync(string uri, int version, string text)
    {
        await ChangeFullAsync(uri, version, text);
        return (JArray)(await DiagnosticsAsync(uri, version))["diagnostics"]!;
    }

    /// <summary>
    /// Waits for the next publishDiagnostics for <paramref name="uri"/> (of <paramref name="version"/> if given,
    /// and matching <paramref name="where"/> if given); earlier non-matching ones are consumed.
    /// </summary>
    public async Task<JObject> DiagnosticsAsync(string uri, int? version = null, Func<JObject, bool>? where = null, TimeSpan? timeout = null)
    {
        var queue = QueueOf(uri);
        using var cancel = new CancellationTokenSource(timeout ?? Timeout);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var published = await queue.Reader.ReadAsync(cancel.Token);
                if ((version is null || (int?)published["version"] == version) && (where is null || where(published))) return published;
                seen.Add(published.ToString(Newtonsoft.Json.Formatting.None));
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"no matching publishDiagnostics for {uri} (version {version?.ToString() ?? "any"}) within {(timeout ?? Timeout).TotalSeconds} s; " +
                $"skipped: [{string.Join(", ", seen)}]. Server log:\n{ServerLog}");
        }
    }

    /// <summary>Waits for the empty publish that clears a closed document's diagnostics.</summary>
    public Task<JObject> ClearedDiagnosticsAsync(string uri) =>
        DiagnosticsAsync(uri, where: p => p["version"] is null && ((JArray)p["diagnostics"]!).Count == 0);

    /// <summary>The publishes for <paramref name="uri"/> received and not yet consumed by a wait.</summary>
    public List<JObject> PendingDiagnostics(string uri)
    {
        var list = new List<JObject>();
        while (QueueOf(uri).Reader.TryRead(out var item)) list.Add(item);
        return list;
    }

    private Channel<JObject> QueueOf(string uri) => diagnostics.GetOrAdd(uri, _ => Channel.CreateUnbounded<JObject>());

    // ---- Ending ----

    public async Task ShutdownAndExitAsync()
    {
        await RequestAsync("shutdown");
        await NotifyAsync("exit");
    }

    /// <summary>Waits for the server to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        var finished = await Task.WhenAny(ServerExit, Task.Delay(Timeout));
        if (finished != ServerExit) throw new TimeoutException($"the server did not end within {Timeout.TotalSeconds} s. Log:\n{ServerLog}");
        return await ServerExit;
    }

    public async ValueTask DisposeAsync()
    {
        rpc.Dispose();
        await stopServer();
        await Task.WhenAny(ServerExit, Task.Delay(Timeout));
    }

    private sealed class ClientMethods
    {
        private readonly LspTestClient owner;

        public ClientMethods(LspTestClient owner) => this.owner = owner;

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(JToken parameters)
        {
            var published = (JObject)parameters;
            owner.allDiagnostics.Enqueue(published);
            owner.QueueOf((string)published["uri"]!).Writer.TryWrite(published);
        }

        [JsonRpcMethod("$/logTrace", UseSingleObjectParameterDeserialization = true)]
        public void LogTrace(JToken parameters) => owner.logTraces.Enqueue((JObject)parameters);

        /// <summary>A client that announced refreshSupport answers this request (with null, or an error when told to refuse it).</summary>
        [JsonRpcMethod("workspace/inlayHint/refresh")]
        public object? InlayHintRefresh()
        {
            if (owner.RefusesInlayHintRefresh) throw new LocalRpcException("this client does not refresh inlay hints") { ErrorCode = -32601 };
            return null;
        }
    }
}
