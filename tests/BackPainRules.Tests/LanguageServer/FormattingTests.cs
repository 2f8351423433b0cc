using BackPainRules.Formatting;
using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Formatting gives the <c>rules fmt</c> layout, and nothing for a file with syntax errors.</summary>
public class FormattingTests : LspTestBase
{
    private const string Messy = """
        # vocab
        fact   a :bool "A"   # about a
        fact n: number   1 .. 5
        recommendation   x "X \"quoted\""   priority high


        rule   r1 :  if a and(n>2 or not a)
           then recommend x  because "b"
        if a then recommend x
        test "t" : given a , n=3
          expect  recommend x expect not undetermined r1
        """;

    private static readonly object Options = new { tabSize = 2, insertSpaces = true };

    private async Task<JArray> FormatAsync(LspTestClient client, string uri) =>
        (JArray)(await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = Options }))!;

    [Test]
    public async Task Formatting_a_messy_document_gives_the_formatters_layout()
    {
        var client = await StartAsync();
        var uri = UriIn("m.rules");
        await client.OpenAsync(uri, Messy);

        var edits = await FormatAsync(client, uri);

        string formatted = LspText.ApplyEdits(Messy, edits);
        formatted.Should().Be(RulesFormatter.Format(Messy)).And.Contain("rule r1:\n  if a and (n > 2 or not a)\n");
        edits.Should().HaveCountGreaterThan(1, "the smallest edits, not one whole-document replacement");
        edits.Should().NotContain(e => LspText.TextOf(Messy, e["range"]!) == Messy);
        edits.Should().NotContain(e => LspText.TextOf(Messy, e["range"]!).Contains("# vocab"), "the first line is already in the formatter's layout");
    }

    [Test]
    public async Task A_document_that_differs_in_one_line_gets_one_edit_on_that_line()
    {
        var client = await StartAsync();
        var uri = UriIn("one.rules");
        string canonical = RulesFormatter.Format(Samples.Clean)!;
        string text = canonical.Replace("rule cadence_for_intervals:\n", "rule   cadence_for_intervals :\n");
        int line = (int)LspText.Find(text, "rule   cadence")["line"]!;
        await client.OpenAsync(uri, text);

        var edits = await FormatAsync(client, uri);

        LspText.ApplyEdits(text, edits).Should().Be(canonical);
        var edit = edits.Should().ContainSingle().Subject;
        ((int)edit["range"]!["start"]!["line"]!).Should().Be(line);
        ((int)edit["range"]!["end"]!["line"]!).Should().Be(line);
    }

    [Test]
    public async Task A_CRLF_document_in_the_formatters_layout_gets_only_its_line_ends_replaced()
    {
        var client = await StartAsync();
        var uri = UriIn("crlf-canonical.rules");
        string canonical = RulesFormatter.Format(Samples.Clean)!;
        string text = canonical.Replace("\n", "\r\n");
        await client.OpenAsync(uri, text);

        var edits = await FormatAsync(client, uri);

        LspText.ApplyEdits(text, edits).Should().Be(canonical);
        edits.Should().HaveCount(canonical.Count(c => c == '\n'));
        edits.Should().OnlyContain(e => LspText.TextOf(text, e["range"]!) == "\r\n" && (string)e["newText"]! == "\n");
    }

    [Test]
    public async Task Formatting_gives_the_same_text_as_rules_fmt()
    {
        var path = Folder.Write("m.rules", Messy);
        var client = await StartAsync();
        var uri = UriIn("m.rules");
        await client.OpenAsync(uri, Messy);

        string formatted = LspText.ApplyEdits(Messy, await FormatAsync(client, uri));
        var fmt = RulesProcess.Run(Folder.Path, "fmt", "m.rules");

        fmt.ExitCode.Should().Be(0, fmt.Stderr);
        formatted.Should().Be(File.ReadAllText(path));
    }

    [Test]
    public async Task Formatting_a_CRLF_document_gives_the_formatters_text()
    {
        var client = await StartAsync();
        var uri = UriIn("crlf.rules");
        string text = Messy.Replace("\n", "\r\n");
        await client.OpenAsync(uri, text);

        string formatted = LspText.ApplyEdits(text, await FormatAsync(client, uri));

        formatted.Should().Be(RulesFormatter.Format(text));
    }

    [Test]
    public async Task An_already_formatted_document_needs_no_edit()
    {
        var client = await StartAsync();
        var uri = UriIn("ok.rules");
        string canonical = RulesFormatter.Format(Samples.Clean)!;
        await client.OpenAsync(uri, canonical);

        (await FormatAsync(client, uri)).Should().BeEmpty();
    }

    [TestCase("fact a: bool\nif a then\n")]
    [TestCase("fact a bool\nrecommendation   x\n")]
    [TestCase("fact a: bool \"unterminated\nif ((a) then recommend x\n")]
    public async Task A_document_with_syntax_errors_is_left_alone(string text)
    {
        var client = await StartAsync();
        var uri = UriIn("bad.rules");
        await client.OpenAsync(uri, text);

        (await FormatAsync(client, uri)).Should().BeEmpty();
    }

    [Test]
    public async Task A_document_with_semantic_errors_is_still_formatted()
    {
        var client = await StartAsync();
        var uri = UriIn("sem.rules");
        string text = "fact   a: bool\nif   a and undeclared then recommend nothing\n";
        await client.OpenAsync(uri, text);

        LspText.ApplyEdits(text, await FormatAsync(client, uri)).Should().Be(RulesFormatter.Format(text));
    }
}
