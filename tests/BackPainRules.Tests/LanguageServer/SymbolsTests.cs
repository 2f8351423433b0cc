using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Document symbols (the outline) and workspace symbols over a folder of files on disk.</summary>
public class SymbolsTests : LspTestBase
{
    private const int Variable = 13, Function = 12, Class = 5, Event = 24;

    [Test]
    public async Task Document_symbols_list_facts_recommendations_rules_and_tests_in_order()
    {
        var client = await StartAsync();
        var uri = UriIn("sample.rules");
        await client.OpenAsync(uri, Samples.Clean);

        var symbols = (JArray)(await client.RequestAsync("textDocument/documentSymbol", Doc(uri)))!;

        symbols.Select(s => $"{(string)s["name"]!}:{(int)s["kind"]!}").Should().Equal(
            $"leg_numbness:{Variable}", $"pain_score:{Variable}", $"workout:{Variable}", $"pain_during:{Variable}", $"red_flag:{Variable}",
            $"see_physician:{Function}", $"increase_cadence:{Function}", $"core_work:{Function}",
            $"red_flag_numbness:{Class}", $"cadence_for_intervals:{Class}", $"sample:23:{Class}",
            $"numbness sends the runner to a physician:{Event}", $"intervals with pain need cadence work:{Event}");
        var rule = symbols.Single(s => (string?)s["name"] == "red_flag_numbness");
        rule["range"].Json().Should().Be(Range(13, 0, 16, 49).Json(), "the whole rule, to the end of its because");
        TextOf(Samples.Clean, rule["selectionRange"]!).Should().Be("red_flag_numbness");
        ((string)rule["detail"]!).Should().Be("Numbness can mean a nerve is involved");
        TextOf(Samples.Clean, symbols.Single(s => (string?)s["name"] == "sample:23")["selectionRange"]!).Should().Be("if");
        ((string)symbols[1]["detail"]!).Should().Be("Worst back pain in the last week");
    }

    [Test]
    public async Task Document_symbols_of_a_broken_document_still_list_what_parses()
    {
        var client = await StartAsync();
        var uri = UriIn("broken.rules");
        string text = "fact a: bool\nrule r: if a then\nrecommendation x\nif ((a then recommend x\n";
        await client.OpenAsync(uri, text);

        var symbols = (JArray)(await client.RequestAsync("textDocument/documentSymbol", Doc(uri)))!;

        symbols.Select(s => (string)s["name"]!).Should().Contain(new[] { "a", "x" });
    }

    [Test]
    public async Task Workspace_symbols_search_every_rules_file_of_the_folder_open_or_not()
    {
        Folder.Write("red_flags.rules", "fact leg_numbness: bool\nfact pain_score: number 0..10\nrecommendation see_physician\nif leg_numbness then recommend see_physician\n");
        Folder.Write("sub/training.rules", "import \"../red_flags.rules\"\nfact weekly_km: number\nrecommendation reduce_training\nrule painful_load: if pain_score > 4 and weekly_km > 50 then recommend reduce_training\n");
        Folder.Write("notes.txt", "fact not_a_rules_file: bool\n");
        var client = await StartAsync();

        var pain = (JArray)(await client.RequestAsync("workspace/symbol", new { query = "pain" }))!;
        var all = (JArray)(await client.RequestAsync("workspace/symbol", new { query = "" }))!;

        pain.Select(s => $"{(string)s["name"]!} {(string)s["containerName"]!}").Should().BeEquivalentTo(
            "pain_score red_flags.rules", "painful_load training.rules");
        var painScore = pain.Single(s => (string?)s["name"] == "pain_score");
        ((string)painScore["location"]!["uri"]!).Should().Be(UriIn("red_flags.rules"));
        painScore["location"]!["range"].Json().Should().Be(Range(1, 5, 1, 15).Json());
        ((int)painScore["kind"]!).Should().Be(Variable);
        all.Select(s => (string)s["name"]!).Should().BeEquivalentTo(
            "leg_numbness", "pain_score", "see_physician", "red_flags:4", "weekly_km", "reduce_training", "painful_load");
        all.Should().NotContain(s => ((string)s["name"]!).Contains("rules\""), "imports are not symbols");
    }

    [Test]
    public async Task Workspace_symbols_use_the_editors_unsaved_text_of_an_open_file()
    {
        Folder.Write("a.rules", "fact old_name: bool\nrecommendation r\nif old_name then recommend r\n");
        var client = await StartAsync();
        var uri = UriIn("a.rules");
        await client.OpenAsync(uri, "fact new_name: bool\nrecommendation r\nif new_name then recommend r\n");

        var symbols = (JArray)(await client.RequestAsync("workspace/symbol", new { query = "name" }))!;

        symbols.Select(s => (string)s["name"]!).Should().Equal("new_name");
    }

    [Test]
    public async Task Workspace_symbol_matching_ignores_case()
    {
        Folder.Write("a.rules", "fact leg_numbness: bool\nrecommendation r\nif leg_numbness then recommend r\n");
        var client = await StartAsync();

        var symbols = (JArray)(await client.RequestAsync("workspace/symbol", new { query = "NUMB" }))!;

        symbols.Select(s => (string)s["name"]!).Should().Equal("leg_numbness");
    }
}
