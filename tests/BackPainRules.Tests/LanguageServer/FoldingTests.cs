using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Folding ranges: items over several lines, and runs of comment lines.</summary>
public class FoldingTests : LspTestBase
{
    private async Task<string[]> FoldAsync(string text)
    {
        var client = await StartAsync();
        var uri = UriIn("fold.rules");
        await client.OpenAsync(uri, text);
        var ranges = (JArray)(await client.RequestAsync("textDocument/foldingRange", Doc(uri)))!;
        return ranges.Select(r => $"{(int)r["startLine"]!}-{(int)r["endLine"]!} {(string?)r["kind"]}").ToArray();
    }

    [Test]
    public async Task Multi_line_rules_and_tests_and_comment_runs_fold()
    {
        (await FoldAsync(Samples.Clean)).Should().Equal(
            "0-1 comment",
            "13-16 region", // rule red_flag_numbness
            "18-20 region", // rule cadence_for_intervals
            "24-27 region", // first test
            "29-31 region"); // second test; one-line declarations and the one-line rule do not fold
    }

    [Test]
    public async Task A_single_comment_line_does_not_fold_and_runs_are_split_by_code()
    {
        string text = "# one\nfact a: bool\n# two\n# three\n# four\nrecommendation r\nif a\n  then recommend r\n# last\n";

        (await FoldAsync(text)).Should().Equal("2-4 comment", "6-7 region");
    }

    [Test]
    public async Task A_CRLF_document_folds_on_the_same_lines()
    {
        (await FoldAsync(Samples.Clean.Replace("\n", "\r\n"))).Should().Equal(
            "0-1 comment", "13-16 region", "18-20 region", "24-27 region", "29-31 region");
    }

    [Test]
    public async Task A_broken_document_still_folds_what_parses()
    {
        string text = "rule r:\n  if a\n  then recommend b\n\nif ((( then\n";
        (await FoldAsync(text)).Should().Contain("0-2 region");
    }
}
