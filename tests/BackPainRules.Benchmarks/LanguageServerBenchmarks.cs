using System.Collections.Concurrent;
using BackPainRules.Editing;
using BackPainRules.LanguageServer;
using BackPainRules.LanguageServer.Protocol;
using BackPainRules.Parsing;
using BenchmarkDotNet.Attributes;
using Nerdbank.Streams;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Serialization;
using StreamJsonRpc;
using Completion = BackPainRules.Editing.Completion;
using Hover = BackPainRules.Editing.Hover;
using LspRange = BackPainRules.LanguageServer.Protocol.Range;

namespace BackPainRules.Benchmarks;

/// <summary>
/// The language server's speed targets (issue #4) over a generated 5,000-rule file: diagnostics
/// published within 250 ms of a change; completion and hover answered within 50 ms.
/// The <c>Lsp*</c> and <c>DiagnosticsAfterEdit*</c> benchmarks go through the real server
/// (<see cref="LanguageServerHost.RunAsync"/>) over an in-process duplex stream with LSP's header framing;
/// the <c>Library*</c> ones call BackPainRules.Editing directly, without the protocol.
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MaxColumn]
public class LanguageServerBenchmarks
{
    public const int RuleCount = 5_000;
    private const string Path = "/bench/gen5000.rules";

    private GeneratedRuleSet generated = null!;
    private string editedText = "";
    private LspSession? server;
    private InMemoryFileSystem fileSystem = null!;
    private DocumentAnalysis analysis = null!;
    private ParseCache parseCache = null!;
    private Position editAt = null!;
    private Position completionAt = null!;
    private Position hoverAt = null!;
    private int edits;

    // BenchmarkDotNet runs each benchmark in its own process. A protocol benchmark's process holds only its
    // server's analysis, and a library benchmark's only its own, so no extra model of tens of MB sits in
    // the heap that the garbage collector walks on every gen-2 collection.

    [GlobalSetup(Targets = new[] { nameof(DiagnosticsAfterEdit), nameof(LspCompletion), nameof(LspHover) })]
    public void SetupServer()
    {
        Generate();
        // The default debounce (50 ms) is what users get: the server waits that long after a change
        // before checking, so a burst of keystrokes is checked once. It counts against the 250 ms target.
        server = LspSession.StartAsync(Path, generated.Text, debounce: null).GetAwaiter().GetResult();
        if (LspCompletion().GetAwaiter().GetResult()["items"] is not JArray { Count: > 0 }) throw new InvalidOperationException("no completion from the server");
        if (LspHover().GetAwaiter().GetResult().Type == JTokenType.Null) throw new InvalidOperationException("no hover from the server");
    }

    [GlobalSetup(Target = nameof(DiagnosticsAfterEditNoDebounce))]
    public void SetupServerWithoutDebounce()
    {
        Generate();
        // The same with no debounce, to show the cost of checking and publishing alone.
        server = LspSession.StartAsync(Path, generated.Text, debounce: TimeSpan.Zero).GetAwaiter().GetResult();
    }

    [GlobalSetup(Targets = new[] { nameof(Analyze5000), nameof(Analyze5000AfterEdit), nameof(LibraryCompletion), nameof(LibraryHover) })]
    public void SetupLibrary()
    {
        Generate();
        fileSystem = new InMemoryFileSystem { [Path] = generated.Text };
        analysis = DocumentAnalysis.Analyze(Path, fileSystem);
        // Primed with the original text, as the server's is by the open.
        parseCache = new ParseCache();
        DocumentAnalysis.Analyze(Path, fileSystem, parseCache: parseCache);
        if (analysis.Diagnostics.Length > 0) throw new InvalidOperationException("the generated file has diagnostics in the editor");
        if (Completion.Complete(analysis, generated.CompletionOffset).Count == 0) throw new InvalidOperationException("no completion at the completion offset");
        if (Hover.At(analysis, generated.HoverOffset + 1) is null) throw new InvalidOperationException("no hover at the hover offset");
    }

    /// <summary>Generates the file (throwing unless it checks clean) and the positions the benchmarks use.</summary>
    private void Generate()
    {
        generated = RuleSetGenerator.GenerateValid(RuleCount);
        editedText = generated.WithEdit('b');
        editAt = PositionOf(generated.Text, generated.EditOffset);
        completionAt = PositionOf(generated.Text, generated.CompletionOffset);
        hoverAt = PositionOf(generated.Text, generated.HoverOffset + 1);
        // GenerateValid's check built a whole model; let it go before measuring.
        GC.Collect();
    }

    [GlobalCleanup]
    public void Cleanup() => server?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// From sending <c>textDocument/didChange</c> (one character replaced in the middle of the file, alternately
    /// <c>a</c>→<c>b</c> and <c>b</c>→<c>a</c>) to receiving <c>textDocument/publishDiagnostics</c> for that version,
    /// with the server's default 50 ms debounce.
    /// </summary>
    [Benchmark]
    public Task<JToken> DiagnosticsAfterEdit() => Edit(server!);

    /// <summary>As <see cref="DiagnosticsAfterEdit"/>, with the debounce set to 0.</summary>
    [Benchmark]
    public Task<JToken> DiagnosticsAfterEditNoDebounce() => Edit(server!);

    private Task<JToken> Edit(LspSession session)
    {
        // Each session alternates on its own: its document's text decides which character is next.
        char next = session.Version % 2 == 1 ? 'b' : 'a';
        return session.ChangeAsync(editAt, next.ToString());
    }

    /// <summary><c>textDocument/completion</c> just after the <c>if</c> of a rule in the middle of the file (every fact is offered).</summary>
    [Benchmark]
    public Task<JToken> LspCompletion() => server!.RequestAsync("textDocument/completion",
        new CompletionParams { TextDocument = new TextDocumentIdentifier(server.Uri), Position = completionAt });

    /// <summary><c>textDocument/hover</c> over a fact name in the condition of a rule in the middle of the file.</summary>
    [Benchmark]
    public Task<JToken> LspHover() => server!.RequestAsync("textDocument/hover",
        new TextDocumentPositionParams(new TextDocumentIdentifier(server.Uri), hoverAt));

    /// <summary>What the server did on each change before it kept a parse cache, without the protocol: read, parse, bind and check the document from scratch.</summary>
    [Benchmark]
    public DocumentAnalysis Analyze5000()
    {
        // Alternate the text as the editing benchmarks do (the analysis is not cached here anyway).
        fileSystem[Path] = (edits++ & 1) == 0 ? editedText : generated.Text;
        return DocumentAnalysis.Analyze(Path, fileSystem);
    }

    /// <summary>
    /// As <see cref="Analyze5000"/>, through a <see cref="ParseCache"/> as the server does it: only the edited item
    /// is parsed again (the file is still lexed, and the rule set bound and checked, whole).
    /// </summary>
    [Benchmark]
    public DocumentAnalysis Analyze5000AfterEdit()
    {
        fileSystem[Path] = (edits++ & 1) == 0 ? editedText : generated.Text;
        return DocumentAnalysis.Analyze(Path, fileSystem, parseCache: parseCache);
    }

    /// <summary><see cref="Completion.Complete"/> at the same place as <see cref="LspCompletion"/>.</summary>
    [Benchmark]
    public IReadOnlyList<CompletionItem> LibraryCompletion() => Completion.Complete(analysis, generated.CompletionOffset);

    /// <summary><see cref="Hover.At"/> at the same place as <see cref="LspHover"/>.</summary>
    [Benchmark]
    public (string Markdown, Text.TextSpan Span)? LibraryHover() => Hover.At(analysis, generated.HoverOffset + 1);

    private static Position PositionOf(string text, int offset)
    {
        int line = 0, lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, offset - lineStart);
    }
}

/// <summary>
/// A client connected to a real <see cref="LanguageServerHost"/> in this process over a
/// <see cref="FullDuplexStream"/> pair, with the document opened and its first diagnostics received.
/// </summary>
public sealed class LspSession : IAsyncDisposable
{
    private readonly Stream clientStream;
    private readonly Stream serverStream;
    private readonly JsonRpc rpc;
    private readonly Task<int> serverTask;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JToken>> waiting = new();

    private LspSession(string path, TimeSpan? debounce)
    {
        Uri = new Uri(path).AbsoluteUri;
        (clientStream, serverStream) = FullDuplexStream.CreatePair();
        serverTask = Task.Run(() => LanguageServerHost.RunAsync(serverStream, serverStream, TextWriter.Null, debounce));

        var formatter = new JsonMessageFormatter();
        formatter.JsonSerializer.ContractResolver = new CamelCasePropertyNamesContractResolver();
        formatter.JsonSerializer.NullValueHandling = NullValueHandling.Ignore;
        rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        rpc.AddLocalRpcTarget(new ClientTarget(this), new JsonRpcTargetOptions { AllowNonPublicInvocation = false });
        rpc.StartListening();
    }

    /// <summary>The document's URI.</summary>
    public string Uri { get; }

    /// <summary>The version of the document's last sent text.</summary>
    public int Version { get; private set; }

    /// <summary>Starts a server, initializes it and opens the document, waiting for its first diagnostics.</summary>
    public static async Task<LspSession> StartAsync(string path, string text, TimeSpan? debounce)
    {
        var session = new LspSession(path, debounce);
        await session.RequestAsync("initialize", new InitializeParams { ProcessId = Environment.ProcessId, RootUri = null, Capabilities = new JObject() });
        await session.rpc.NotifyWithParameterObjectAsync("initialized", new JObject());
        session.Version = 1;
        var published = session.WaitFor(1);
        await session.rpc.NotifyWithParameterObjectAsync("textDocument/didOpen",
            new DidOpenTextDocumentParams(new TextDocumentItem(session.Uri, "rules", 1, text)));
        var diagnostics = await published;
        if (diagnostics["diagnostics"] is JArray { Count: > 0 } list) throw new InvalidOperationException($"the server reports {list.Count} diagnostics: {list[0]}");
        return session;
    }

    /// <summary>Replaces one character at <paramref name="at"/> and waits for the diagnostics of the new version.</summary>
    public async Task<JToken> ChangeAsync(Position at, string newText)
    {
        int version = ++Version;
        var published = WaitFor(version);
        await rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(Uri, version),
            new[] { new TextDocumentContentChangeEvent(new LspRange(at, at with { Character = at.Character + 1 }), newText) }));
        return await published;
    }

    /// <summary>Sends a request and returns its result as JSON.</summary>
    public async Task<JToken> RequestAsync(string method, object parameters) =>
        await rpc.InvokeWithParameterObjectAsync<JToken>(method, parameters) ?? JValue.CreateNull();

    private Task<JToken> WaitFor(int version) =>
        waiting.GetOrAdd(version, _ => new TaskCompletionSource<JToken>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private void Published(JToken parameters)
    {
        if ((int?)parameters["version"] is { } version && waiting.TryRemove(version, out var done)) done.TrySetResult(parameters);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await rpc.InvokeWithParameterObjectAsync<JToken>("shutdown", new JObject()).WaitAsync(TimeSpan.FromSeconds(5));
            await rpc.NotifyAsync("exit");
            await serverTask.WaitAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            rpc.Dispose();
            clientStream.Dispose();
            serverStream.Dispose();
        }
    }

    /// <summary>The client's side of server-to-client notifications.</summary>
    private sealed class ClientTarget(LspSession session)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(JToken parameters) => session.Published(parameters);
    }
}
