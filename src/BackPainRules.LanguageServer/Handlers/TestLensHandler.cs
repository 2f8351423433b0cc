using BackPainRules.Editing;
using BackPainRules.LanguageServer.Protocol;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>A code lens on each <c>test</c> block showing whether it passes, and the command <c>rules.runTest</c> that runs it again.</summary>
internal sealed class TestLensHandler(Session session) : IFeature
{
    private const string RunTestCommand = "rules.runTest";

    public ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities) =>
        capabilities with
        {
            CodeLensProvider = new CodeLensOptions(ResolveProvider: false),
            ExecuteCommandProvider = new ExecuteCommandOptions(new[] { RunTestCommand }),
        };

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public CodeLens[] CodeLenses(CodeLensParams parameters)
    {
        var analysis = session.Analyze(parameters.TextDocument);
        return LiveEvaluation.Tests(analysis).Select(test => new CodeLens(
            Conversions.Range(analysis.Source, new Text.TextSpan(test.Span.Start, 0)),
            new Command(test.Label, RunTestCommand, new JToken[] { parameters.TextDocument.Uri, test.Name }))).ToArray();
    }

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public JToken? ExecuteCommand(ExecuteCommandParams parameters)
    {
        if (parameters.Command != RunTestCommand || parameters.Arguments is not [var uri, var name, ..]) return null;
        var analysis = session.Workspace.Analyze(Conversions.PathOf((string)uri!));
        var lens = LiveEvaluation.Tests(analysis).FirstOrDefault(t => t.Name == (string?)name);
        return lens is null ? null : new JObject { ["name"] = lens.Name, ["passed"] = lens.Passed, ["message"] = lens.Label };
    }
}
