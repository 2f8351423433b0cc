using BackPainRules.Loading;

namespace BackPainRules.Tests.Api;

/// <summary>Issue 7: imports stay inside the rule set's folder unless the embedding app allows a wider root.</summary>
public class ImportRootTests
{
    [Test]
    public void An_import_outside_the_folder_is_refused_by_default_and_allowed_under_a_root_the_host_chooses()
    {
        using var folder = new TempFolder();
        folder.Write("shared/vocab.rules", "fact tired: bool\nrecommendation rest\n");
        var main = folder.Write("clinic/main.rules", "import \"../shared/vocab.rules\"\nif tired then recommend rest\n");

        var confined = RuleSet.Load(main);
        confined.Diagnostics.Should().Contain(d => d.Code == "BPR121" && d.Location.Start.Line == 1);

        var allowed = RuleSet.Load(new[] { new RootFile(main, ImportRoot: folder.Path) });
        allowed.HasErrors.Should().BeFalse(string.Join("\n", allowed.Diagnostics));
        allowed.Compile().Evaluate("{\"tired\": true}").Recommendations.Select(r => r.Id).Should().Equal("rest");
    }

    [Test]
    public void Even_a_host_root_does_not_let_an_absolute_path_in()
    {
        using var folder = new TempFolder();
        var vocab = folder.Write("vocab.rules", "fact tired: bool\n");
        var main = folder.Write("main.rules", $"import \"{vocab.Replace("\\", "\\\\")}\"\n");
        var ruleSet = RuleSet.Load(new[] { new RootFile(main, ImportRoot: folder.Path) });
        ruleSet.Diagnostics.Should().Contain(d => d.Code == "BPR121");
    }
}
