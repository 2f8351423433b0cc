using BackPainRules.Editing;
using BackPainRules.LanguageServer.Handlers;
using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Semantic tokens: the relative five-integer encoding, decoded with the legend the server announced.</summary>
public class SemanticTokensTests : LspTestBase
{
    private sealed record Token(int Line, int Character, int Length, string Type, bool Declaration);

    private static List<Token> Decode(JToken result, JObject initializeResult)
    {
        var legend = initializeResult["capabilities"]!["semanticTokensProvider"]!["legend"]!;
        var types = legend["tokenTypes"]!.Values<string>().Select(t => t!).ToArray();
        var modifiers = legend["tokenModifiers"]!.Values<string>().ToArray();
        var data = result["data"]!.Values<int>().ToArray();
        data.Length.Should().Be(data.Length / 5 * 5, "five integers per token");
        var tokens = new List<Token>();
        int line = 0, character = 0;
        for (int i = 0; i < data.Length; i += 5)
        {
            data[i].Should().BeGreaterThanOrEqualTo(0);
            if (data[i] > 0) character = 0;
            line += data[i];
            character += data[i + 1];
            data[i + 2].Should().BePositive();
            int declarationBit = 1 << Array.IndexOf(modifiers, "declaration");
            tokens.Add(new Token(line, character, data[i + 2], types[data[i + 3]], (data[i + 4] & declarationBit) != 0));
        }
        return tokens;
    }

    private async Task<(List<Token> Tokens, string Text)> TokensOfAsync(string text)
    {
        var client = await StartAsync();
        var uri = UriIn("tokens.rules");
        await client.OpenAsync(uri, text);
        var result = await client.RequestAsync("textDocument/semanticTokens/full", Doc(uri));
        return (Decode(result!, client.InitializeResult!), text);
    }

    private static Token At(List<Token> tokens, string text, string needle, int occurrence = 0, int delta = 0)
    {
        var position = Find(text, needle, occurrence, delta);
        int line = (int)position["line"]!, character = (int)position["character"]!;
        return tokens.Should().ContainSingle(t => t.Line == line && t.Character == character, $"a token starts at '{needle}'").Subject;
    }

    [Test]
    public async Task Each_kind_of_word_gets_its_token_type()
    {
        var (tokens, text) = await TokensOfAsync(Samples.Clean);

        At(tokens, text, "# Sample").Should().Be(new Token(0, 0, "# Sample rules for the language server tests.".Length, "comment", false));
        At(tokens, text, "fact leg_numbness").Type.Should().Be("keyword");
        At(tokens, text, "leg_numbness: bool").Should().Be(new Token(3, 5, 12, "parameter", true));
        At(tokens, text, "bool \"Numbness").Type.Should().Be("keyword");
        At(tokens, text, "\"Numbness or tingling").Should().BeEquivalentTo(new { Type = "string", Length = "\"Numbness or tingling in the legs\"".Length });
        At(tokens, text, "10 \"Worst").Type.Should().Be("number");
        At(tokens, text, "see_physician \"See").Should().BeEquivalentTo(new { Type = "function", Declaration = true });
        At(tokens, text, "urgent").Type.Should().Be("keyword", "a contextual keyword where the grammar expects it");
        At(tokens, text, "red_flag_numbness:").Should().BeEquivalentTo(new { Type = "class", Declaration = true, Length = 17 });
        At(tokens, text, "leg_numbness\n  then").Should().BeEquivalentTo(new { Type = "parameter", Declaration = false });
        At(tokens, text, "see_physician and").Should().BeEquivalentTo(new { Type = "function", Declaration = false });
        At(tokens, text, "intervals and").Type.Should().Be("enumMember");
        At(tokens, text, "tempo, intervals", delta: 7).Should().BeEquivalentTo(new { Type = "enumMember", Declaration = true });
        At(tokens, text, ">= 3").Should().BeEquivalentTo(new { Type = "operator", Length = 2 });
        At(tokens, text, "3 and not").Type.Should().Be("number");
        At(tokens, text, "given leg_numbness", delta: 6).Type.Should().Be("parameter");
        At(tokens, text, "\"numbness sends").Type.Should().Be("string");
    }

    [Test]
    public async Task Tokens_are_in_order_and_do_not_overlap()
    {
        var (tokens, _) = await TokensOfAsync(File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules")));

        tokens.Should().HaveCountGreaterThan(500);
        for (int i = 1; i < tokens.Count; i++)
        {
            var (previous, current) = (tokens[i - 1], tokens[i]);
            bool after = current.Line > previous.Line || current.Line == previous.Line && current.Character >= previous.Character + previous.Length;
            after.Should().BeTrue($"token {i} at {current.Line}:{current.Character} starts after token {i - 1} at {previous.Line}:{previous.Character}+{previous.Length}");
        }
    }

    [Test]
    public async Task Tokens_after_an_emoji_are_placed_in_UTF16_code_units()
    {
        string text = Samples.Declarations + "test \"😀 é\": given leg_numbness expect recommend see_physician # fin 😀\n";
        var (tokens, _) = await TokensOfAsync(text);

        int line = (int)Find(text, "test \"😀")["line"]!;
        At(tokens, text, "\"😀 é\"").Length.Should().Be(6, "quote, two code units, space, é, quote");
        At(tokens, text, "given leg_numbness", delta: 6).Should().Be(new Token(line, "test \"😀 é\": given ".Length, 12, "parameter", false));
        At(tokens, text, "see_physician # fin").Type.Should().Be("function");
        At(tokens, text, "# fin").Length.Should().Be("# fin 😀".Length);
    }

    [Test]
    public async Task A_broken_document_still_gets_tokens()
    {
        var (tokens, text) = await TokensOfAsync("fact a: bool\nif ((a and \"unterminated\nrule: then 12.5\n");

        At(tokens, text, "fact").Type.Should().Be("keyword");
        At(tokens, text, "12.5").Type.Should().Be("number");
    }

    /// <summary>The LSP token type each kind of the library's enum must be announced as, written out by hand.</summary>
    private static readonly Dictionary<SemanticTokenKind, string> ExpectedTokenTypes = new()
    {
        [SemanticTokenKind.Keyword] = "keyword",
        [SemanticTokenKind.Fact] = "parameter",
        [SemanticTokenKind.Recommendation] = "function",
        [SemanticTokenKind.Rule] = "class",
        [SemanticTokenKind.Value] = "enumMember",
        [SemanticTokenKind.Number] = "number",
        [SemanticTokenKind.String] = "string",
        [SemanticTokenKind.Comment] = "comment",
        [SemanticTokenKind.Operator] = "operator",
    };

    [Test]
    public void The_legend_announces_each_token_kind_at_the_index_the_server_sends_for_it()
    {
        // The server sends (int)kind as the token type's index into the legend: the two must agree name by name.
        var kinds = Enum.GetValues<SemanticTokenKind>();
        var legend = SemanticTokensHandler.Legend.TokenTypes;

        kinds.Select(k => (int)k).Should().BeEquivalentTo(Enumerable.Range(0, kinds.Length), "the kinds are numbered 0, 1, 2, ... with no gaps");
        ExpectedTokenTypes.Keys.Should().BeEquivalentTo(kinds, "every kind of the enum has an expected token type here");
        legend.Should().HaveCount(kinds.Length);
        foreach (var kind in kinds)
        {
            legend[(int)kind].Should().Be(ExpectedTokenTypes[kind], $"{kind} is sent as {(int)kind}");
        }
    }

    [Test]
    public async Task The_server_announces_that_legend()
    {
        var client = await StartAsync();
        var announced = client.InitializeResult!["capabilities"]!["semanticTokensProvider"]!["legend"]!;

        announced["tokenTypes"]!.Values<string>().Should().Equal(Enum.GetValues<SemanticTokenKind>().OrderBy(k => (int)k).Select(k => ExpectedTokenTypes[k]));
        announced["tokenModifiers"]!.Values<string>().Should().Equal("declaration");
    }
}
