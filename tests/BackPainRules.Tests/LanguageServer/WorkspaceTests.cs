using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// Files that import each other are checked together: a vocabulary file and a main file that imports it,
/// open in the editor or only on disk.
/// </summary>
public class WorkspaceTests : LspTestBase
{
    private const string Vocab = """
        fact tired: bool "Feels tired on most runs"
        fact weekly_km: number 0..300 "Running distance in a usual week"
        recommendation rest "Take two easy days" priority high

        """;

    private const string Main = """
        import "vocab.rules"

        rule overtraining:
          if tired and weekly_km > 80
          then recommend rest

        """;

    private string vocabUri = null!;
    private string mainUri = null!;

    [SetUp]
    public void WriteFiles()
    {
        Folder.Write("vocab.rules", Vocab);
        Folder.Write("main.rules", Main);
        vocabUri = UriIn("vocab.rules");
        mainUri = UriIn("main.rules");
    }

    [Test]
    public async Task An_imported_file_that_is_not_open_is_read_from_disk()
    {
        var client = await StartAsync();

        (await client.OpenAndWaitAsync(mainUri, Main)).Should().BeEmpty("vocab.rules on disk declares every name main uses");

        var hover = await client.RequestAsync("textDocument/hover", At(mainUri, Find(Main, "tired and")));
        ((string)hover!["contents"]!["value"]!).Should().StartWith("**fact** `tired`: bool\n\nFeels tired on most runs");
        var definition = await client.RequestAsync("textDocument/definition", At(mainUri, Find(Main, "rest", delta: 1)));
        ((string)definition!["uri"]!).Should().Be(vocabUri);
        definition["range"].Json().Should().Be(RangeOfNameBefore(Vocab, "rest", " \"Take").Json());
    }

    [Test]
    public async Task A_change_to_the_open_vocabulary_rechecks_the_file_that_imports_it()
    {
        var client = await StartAsync();
        (await client.OpenAndWaitAsync(mainUri, Main)).Should().BeEmpty();
        (await client.OpenAndWaitAsync(vocabUri, Vocab)).Should().BeEmpty();

        // Rename the fact in the vocabulary's declaration only (unsaved): main now uses an undeclared name.
        var declaration = RangeOfNameBefore(Vocab, "tired", ": bool");
        await client.ChangeAsync(vocabUri, 2, LspTestClient.Edit(declaration, "fatigued"));

        var mainDiagnostics = (JArray)(await client.DiagnosticsAsync(mainUri, where: p => ((JArray)p["diagnostics"]!).Count > 0))["diagnostics"]!;
        var error = mainDiagnostics.Should().ContainSingle().Subject;
        ((string)error["code"]!).Should().Be("BPR101");
        TextOf(Main, error["range"]!).Should().Be("tired");
        ((string?)error["data"]?["suggestion"]).Should().BeNull("'fatigued' is too far from 'tired' to be suggested");

        // Undo in the vocabulary: main is clean again.
        await client.ChangeAsync(vocabUri, 3, LspTestClient.Edit(RangeOfNameBefore(Vocab.Replace("fact tired", "fact fatigued"), "fatigued", ": bool"), "tired"));
        (await client.DiagnosticsAsync(mainUri, where: p => ((JArray)p["diagnostics"]!).Count == 0))["diagnostics"]!.Should().BeEmpty();
        File.ReadAllText(Path.Combine(Folder.Path, "vocab.rules")).Should().Be(Vocab, "the editor's buffer was used, the disk is untouched");
    }

    [Test]
    public async Task An_open_importer_reads_the_unsaved_buffer_of_the_vocabulary()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(vocabUri, Vocab + "fact sore_back: bool \"Back feels sore\"\n");

        string main = Main.Replace("if tired and", "if sore_back and tired and");
        (await client.OpenAndWaitAsync(mainUri, main)).Should().BeEmpty("sore_back exists only in the editor's copy of vocab.rules");
    }

    [Test]
    public async Task Closing_a_file_clears_its_diagnostics_and_rechecks_its_importers_from_disk()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(mainUri, Main);
        await client.OpenAndWaitAsync(vocabUri, Vocab.Replace("recommendation rest", "recommendation rest_days"));
        (await client.DiagnosticsAsync(mainUri, where: p => ((JArray)p["diagnostics"]!).Count > 0))["diagnostics"]!.Should().ContainSingle();

        // Closing the vocabulary without saving: main is checked against the disk again.
        await client.CloseAsync(vocabUri);

        await client.ClearedDiagnosticsAsync(vocabUri);
        (await client.DiagnosticsAsync(mainUri, where: p => ((JArray)p["diagnostics"]!).Count == 0))["diagnostics"]!.Should().BeEmpty();

        await client.CloseAsync(mainUri);
        await client.ClearedDiagnosticsAsync(mainUri);
    }

    [Test]
    public async Task References_from_the_importer_include_the_declaration_in_the_vocabulary()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(mainUri, Main);

        var references = (JArray)(await client.RequestAsync("textDocument/references",
            new { textDocument = new { uri = mainUri }, position = Find(Main, "weekly_km"), context = new { includeDeclaration = true } }))!;

        references.Select(r => $"{(string)r["uri"]!} {(int)r["range"]!["start"]!["line"]!}").Should().BeEquivalentTo(
            $"{vocabUri} 1", $"{mainUri} 3");
    }

    [Test]
    public async Task Rename_from_the_importer_edits_the_vocabulary_too()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(mainUri, Main);

        var edit = await client.RequestAsync("textDocument/rename", new { textDocument = new { uri = mainUri }, position = Find(Main, "tired"), newName = "fatigued" });

        var changes = (JObject)edit!["changes"]!;
        changes.Properties().Select(p => p.Name).Should().BeEquivalentTo(mainUri, vocabUri);
        ApplyEdits(Vocab, (JArray)changes[vocabUri]!).Should().Contain("fact fatigued: bool");
        ApplyEdits(Main, (JArray)changes[mainUri]!).Should().Contain("if fatigued and weekly_km");
    }

    [Test]
    public async Task Rename_from_the_vocabulary_edits_the_open_file_that_imports_it()
    {
        // Renaming a declaration must not break its users: main.rules is open and uses 'tired'.
        var client = await StartAsync();
        await client.OpenAndWaitAsync(mainUri, Main);
        await client.OpenAndWaitAsync(vocabUri, Vocab);

        var edit = await client.RequestAsync("textDocument/rename", new { textDocument = new { uri = vocabUri }, position = Find(Vocab, "tired"), newName = "fatigued" });

        ((JObject)edit!["changes"]!).Properties().Select(p => p.Name).Should().BeEquivalentTo(new[] { vocabUri, mainUri },
            "the importer's use of 'tired' must be renamed as well");
    }

    [Test]
    public async Task References_from_the_vocabulary_include_uses_in_the_open_file_that_imports_it()
    {
        var client = await StartAsync();
        await client.OpenAndWaitAsync(mainUri, Main);
        await client.OpenAndWaitAsync(vocabUri, Vocab);

        var references = (JArray)(await client.RequestAsync("textDocument/references",
            new { textDocument = new { uri = vocabUri }, position = Find(Vocab, "weekly_km"), context = new { includeDeclaration = true } }))!;

        references.Select(r => (string)r["uri"]!).Should().Contain(mainUri);
    }

    [Test]
    public async Task Opening_an_importer_rechecks_the_open_vocabulary_so_its_declarations_are_no_longer_unused()
    {
        // Opened alone, vocab.rules's declarations are unused (as `rules check vocab.rules` says). Once main.rules,
        // which uses them all, is open, the two are checked together and the warnings must go: the server
        // publishes nothing new for vocab.rules, so the editor keeps showing three stale warnings.
        var client = await StartAsync();
        (await client.OpenAndWaitAsync(vocabUri, Vocab)).Select(d => (string)d["code"]!).Should().BeEquivalentTo("BPR201", "BPR201", "BPR202");

        (await client.OpenAndWaitAsync(mainUri, Main)).Should().BeEmpty();

        (await client.DiagnosticsAsync(vocabUri, timeout: TimeSpan.FromSeconds(3)))["diagnostics"]!.Should().BeEmpty();
    }

    [Test]
    public async Task An_error_in_an_imported_file_that_is_not_open_is_reported_as_rules_check_does()
    {
        // `rules check main.rules` fails with "vocab.rules:2:6: error BPR103 ...". The server publishes main.rules
        // as clean and says nothing about vocab.rules, so the clinician sees no problem at all.
        Folder.Write("vocab.rules", Vocab + "fact tired: bool\n");
        var check = RulesProcess.Run(Folder.Path, "check", "main.rules");
        check.ExitCode.Should().Be(1);
        check.StdoutLines.Should().Contain(l => l.StartsWith("vocab.rules:4:6: error BPR103", StringComparison.Ordinal));
        var client = await StartAsync();

        var main = await client.OpenAndWaitAsync(mainUri, Main);

        bool reportedOnVocab = client.AllPublishedDiagnostics.Any(p => (string?)p["uri"] == vocabUri && ((JArray)p["diagnostics"]!).Any(d => (string?)d["code"] == "BPR103"));
        bool reportedOnMain = Errors(main).Any();
        (reportedOnVocab || reportedOnMain).Should().BeTrue("an error that makes `rules check main.rules` fail is shown, on vocab.rules or at the import in main.rules");
    }

    [Test]
    public async Task A_uri_with_spaces_and_accents_is_answered_with_the_same_uri()
    {
        var path = Folder.Write("dossier clinique é/main.rules", Main);
        Folder.Write("dossier clinique é/vocab.rules", Vocab);
        var client = await StartAsync();
        // As VS Code writes it: percent-encoded UTF-8.
        string uri = "file://" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        uri.Should().Contain("%20").And.Contain("%C3%A9");

        await client.OpenAsync(uri, Main);
        var published = await client.DiagnosticsAsync(uri);

        ((JArray)published["diagnostics"]!).Should().BeEmpty("the import next to it, in the folder with spaces and accents, was found");
        var definition = await client.RequestAsync("textDocument/definition", At(uri, Find(Main, "tired")));
        ((string)definition!["uri"]!).Should().Be(uri.Replace("main.rules", "vocab.rules"));
    }
}
