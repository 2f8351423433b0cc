using BackPainRules.LanguageServer;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// The workspace's analyses: a change to one document does not make an unrelated open document be analysed
/// again, but any change to what a document's analysis read, or to who imports it, does.
/// </summary>
public class AnalysisCacheTests
{
    private const string Vocab = "fact tired: bool\nrecommendation rest\n";
    private const string Main = "import \"vocab.rules\"\nif tired then recommend rest\n";
    private const string Other = "fact sore: bool\nrecommendation ice\nif sore then recommend ice\n";

    private TempFolder folder = null!;
    private Workspace workspace = null!;
    private string vocab = null!, main = null!, other = null!;

    [SetUp]
    public void Create()
    {
        folder = new TempFolder();
        vocab = folder.Write("vocab.rules", Vocab);
        main = folder.Write("main.rules", Main);
        other = folder.Write("other.rules", Other);
        workspace = new Workspace();
    }

    [TearDown]
    public void Delete() => folder.Dispose();

    [Test]
    public void A_change_to_an_unrelated_document_keeps_the_analysis()
    {
        workspace.Update(main, Main, 1);
        workspace.Update(other, Other, 1);
        var before = workspace.Analyze(main);

        workspace.Update(other, Other + "if not sore then avoid ice\n", 2);

        workspace.Analyze(main).Should().BeSameAs(before);
        workspace.Analyze(other).Model.Rules.Should().HaveCount(2);
    }

    [Test]
    public void A_change_to_an_open_imported_file_makes_a_new_analysis()
    {
        workspace.Update(main, Main, 1);
        workspace.Update(vocab, Vocab, 1);
        var before = workspace.Analyze(main);

        workspace.Update(vocab, Vocab.Replace("fact tired", "fact sleepy"), 2);
        var after = workspace.Analyze(main);

        before.Diagnostics.Should().BeEmpty();
        after.Should().NotBeSameAs(before);
        after.Diagnostics.Should().Contain(d => d.Message.Contains("'tired'"));
    }

    [Test]
    public void A_change_on_disk_to_an_imported_file_that_is_not_open_is_seen_after_the_next_change()
    {
        workspace.Update(main, Main, 1);
        workspace.Update(other, Other, 1);
        var before = workspace.Analyze(main);

        File.WriteAllText(vocab, Vocab.Replace("fact tired", "fact sleepy"));
        workspace.Update(other, Other + "\n", 2);
        var after = workspace.Analyze(main);

        after.Should().NotBeSameAs(before);
        after.Diagnostics.Should().Contain(d => d.Message.Contains("'tired'"));
    }

    [Test]
    public void A_document_that_starts_importing_a_file_decides_that_files_unused_warnings_again()
    {
        workspace.Update(vocab, Vocab, 1);
        workspace.Update(main, "if true then recommend other\nrecommendation other\n", 1);
        workspace.Analyze(main);
        workspace.Analyze(vocab).Diagnostics.Should().Contain(d => d.Code == "BPR201", "nothing uses 'tired' yet");

        workspace.Update(main, Main, 2);

        workspace.Analyze(vocab).Diagnostics.Should().NotContain(d => d.Code == "BPR201" || d.Code == "BPR202", "main.rules now uses both");
    }

    [Test]
    public void Closing_an_imported_document_reads_it_from_disk_again()
    {
        workspace.Update(main, Main, 1);
        workspace.Update(vocab, Vocab.Replace("fact tired", "fact sleepy"), 1);
        workspace.Analyze(main).Diagnostics.Should().NotBeEmpty("the buffer does not declare 'tired'");

        workspace.Close(vocab);

        workspace.Analyze(main).Diagnostics.Should().BeEmpty("the file on disk declares 'tired'");
    }
}
