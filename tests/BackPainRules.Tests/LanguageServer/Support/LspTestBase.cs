using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer.Support;

/// <summary>
/// A temp workspace folder per test and in-process servers that are shut down after the test.
/// </summary>
public abstract class LspTestBase
{
    private readonly List<LspTestClient> clients = new();

    protected TempFolder Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = new TempFolder();

    [TearDown]
    public async Task DisposeClientsAndFolder()
    {
        foreach (var client in clients) await client.DisposeAsync();
        clients.Clear();
        Folder.Dispose();
    }

    /// <summary>Starts an in-process server with the temp folder as workspace root, initialized unless told otherwise.</summary>
    protected async Task<LspTestClient> StartAsync(object? initializationOptions = null, bool initialize = true, TimeSpan? debounce = null)
    {
        var client = await LspTestClient.StartInProcessAsync(Folder.Path, initializationOptions, initialize, debounce);
        clients.Add(client);
        return client;
    }

    /// <summary>The file: URI of a path inside the temp folder (the file need not exist).</summary>
    protected string UriIn(string relativePath) => LspTestClient.UriOf(Path.Combine(Folder.Path, relativePath));

    protected static object Doc(string uri) => new { textDocument = new { uri } };

    protected static object At(string uri, JObject position) => new { textDocument = new { uri }, position };

    protected static string[] Labels(JToken? completion) =>
        ((JArray)completion!["items"]!).Select(i => (string)i["label"]!).ToArray();

    protected static JToken Item(JToken? completion, string label) =>
        ((JArray)completion!["items"]!).Single(i => (string)i["label"]! == label);

    protected static IEnumerable<JToken> Errors(JArray diagnostics) => diagnostics.Where(d => (int)d["severity"]! == 1);

    protected static IEnumerable<string?> Codes(JArray diagnostics) => diagnostics.Select(d => (string?)d["code"]);

    /// <summary>
    /// Checks that the server holds exactly <paramref name="text"/> for the document: its outline (names and
    /// name ranges) must be the one the library's parser gives for that text, positioned by the client's own
    /// LSP position arithmetic.
    /// </summary>
    protected static async Task ServerShouldHoldText(LspTestClient client, string uri, string text)
    {
        var symbols = (JArray)(await client.RequestAsync("textDocument/documentSymbol", Doc(uri)))!;
        var expected = BackPainRules.Editing.Outline.Entries(BackPainRules.Parsing.RulesParser.Parse(text, new Uri(uri).LocalPath))
            .Select(e => $"{e.Name} @ {LspText.Range(LspText.PositionOf(text, e.NameSpan.Start), LspText.PositionOf(text, e.NameSpan.End)).ToString(Newtonsoft.Json.Formatting.None)}")
            .ToArray();
        var actual = symbols.Select(s => $"{(string)s["name"]!} @ {s["selectionRange"]!.ToString(Newtonsoft.Json.Formatting.None)}").ToArray();
        actual.Should().Equal(expected, "the server's copy of the document must be the client's text");
    }

    /// <summary>Sends a request that must fail and returns the error's code and message.</summary>
    protected static async Task<(int Code, string Message)> RequestErrorAsync(LspTestClient client, string method, object? parameters)
    {
        try
        {
            var result = await client.RequestAsync(method, parameters);
            throw new AssertionException($"expected an error response to {method}, got: {result?.ToString() ?? "null"}");
        }
        catch (StreamJsonRpc.RemoteRpcException e)
        {
            return (Convert.ToInt32(e.ErrorCode, System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
    }
}

/// <summary>Rule texts shared by the language server tests.</summary>
public static class Samples
{
    /// <summary>A small clean rule set: every kind of fact, three recommendations, named and unnamed rules, two passing tests.</summary>
    public const string Clean = """
        # Sample rules for the language server tests.
        # A second comment line.

        fact leg_numbness: bool "Numbness or tingling in the legs"
        fact pain_score: number 0..10 "Worst back pain in the last week"
        fact workout: one of easy, tempo, intervals "The kind of run planned next"
        fact pain_during: any of easy_runs, long_runs "Runs during which the back hurts"
        fact red_flag: bool "A warning sign that needs a physician"

        recommendation see_physician "See a physician before running again" priority urgent
        recommendation increase_cadence "Increase cadence" priority high
        recommendation core_work "Do core work" priority normal

        rule red_flag_numbness:
          if leg_numbness
          then recommend see_physician and conclude red_flag
          because "Numbness can mean a nerve is involved"

        rule cadence_for_intervals:
          if workout is intervals and pain_score >= 3 and not red_flag
          then recommend increase_cadence

        if pain_during has long_runs then recommend core_work

        test "numbness sends the runner to a physician":
          given leg_numbness
          expect recommend see_physician
          expect conclude red_flag

        test "intervals with pain need cadence work":
          given not leg_numbness, workout is intervals, pain_score = 5
          expect recommend increase_cadence

        """;

    /// <summary>The declarations of <see cref="Clean"/> and one rule that uses them all: a clean base to append to.</summary>
    public const string Declarations = """
        fact leg_numbness: bool "Numbness or tingling in the legs"
        fact pain_score: number 0..10 "Worst back pain in the last week"
        fact workout: one of easy, tempo, intervals "The kind of run planned next"
        fact pain_during: any of easy_runs, long_runs "Runs during which the back hurts"
        fact red_flag: bool "A warning sign that needs a physician"
        recommendation see_physician "See a physician before running again" priority urgent
        recommendation increase_cadence "Increase cadence" priority high

        rule named_rule:
          if leg_numbness or workout is tempo or pain_score > 8 or pain_during has long_runs
          then recommend see_physician, increase_cadence and conclude red_flag

        """;
}
