namespace BackPainRules.Tests.Cli;

/// <summary>`rules check`: every diagnostic as FILE:LINE:COL: severity CODE: message, sorted, with SPEC exit codes.</summary>
public class CheckCommandTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void Clean_files_print_nothing_and_exit_0()
    {
        folder.Write("ok.rules", "fact a: bool\nrecommendation r\nif a then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "check", "ok.rules");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().BeEmpty();
    }

    [Test]
    public void Diagnostics_are_sorted_by_file_line_and_column_across_a_folder()
    {
        folder.Write("rules/b.rules", "fact a: bool\nrecommendation r\nif a then recommend r, s\n");
        folder.Write("rules/a.rules", "fact x: bool\nfact y: bool\nrecommendation q\nif x and z then recommend q\nif y then recommend q\n");
        var result = RulesProcess.Run(folder.Path, "check", "rules");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal(
            "rules/a.rules:4:10: error BPR101: fact 'z' is not declared",
            "rules/b.rules:3:24: error BPR101: recommendation 's' is not declared");
    }

    [Test]
    public void Warnings_alone_exit_0()
    {
        folder.Write("w.rules", "fact a: bool\nfact unused: bool\nrecommendation r\nif a then recommend r\n");
        var result = RulesProcess.Run(folder.Path, "check", "w.rules");
        result.ExitCode.Should().Be(0);
        result.StdoutLines.Should().Equal("w.rules:2:6: warning BPR201: fact 'unused' is never used by a rule");
    }

    [Test]
    public void Every_broken_item_of_a_file_is_reported()
    {
        folder.Write("bad.rules", "fact a: bool\nfact b bool\nrecommendation r\nif a then\nif a then recommend r\ntest \"t\" given a\n");
        var result = RulesProcess.Run(folder.Path, "check", "bad.rules");
        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal(
            "bad.rules:2:8: error BPR005: expected ':', found 'bool'",
            "bad.rules:5:1: error BPR005: expected an action ('recommend', 'avoid' or 'conclude'), found 'if'",
            "bad.rules:6:10: error BPR005: expected ':', found 'given'");
    }

    [Test]
    public void Missing_file_exits_1_with_its_name()
    {
        var result = RulesProcess.Run(folder.Path, "check", "missing.rules");
        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal("missing.rules:1:1: error BPR300: cannot read file: no such file");
    }

    [Test]
    public void Imports_are_checked_and_errors_point_at_the_import_line()
    {
        folder.Write("main.rules", "# root\nimport \"vocab.rules\"\nimport \"../outside.rules\"\nimport \"nope.rules\"\nif tired then recommend rest\n");
        folder.Write("vocab.rules", "fact tired: bool\nrecommendation rest\n");
        var result = RulesProcess.Run(folder.Path, "check", "main.rules");
        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal(
            "main.rules:3:1: error BPR121: import '../outside.rules' reaches outside the rule set's folder; imports must be relative paths inside it",
            "main.rules:4:1: error BPR120: imported file 'nope.rules' does not exist");
    }

    [Test]
    public void A_vocabulary_file_used_by_an_importer_is_not_reported_unused()
    {
        folder.Write("set/main.rules", "import \"vocab.rules\"\nif tired then recommend rest\n");
        folder.Write("set/vocab.rules", "fact tired: bool\nrecommendation rest\n");
        var result = RulesProcess.Run(folder.Path, "check", "set");
        result.ExitCode.Should().Be(0);
        result.Stdout.Should().BeEmpty();
    }

    [Test]
    public void The_examples_folder_is_clean()
    {
        var result = RulesProcess.Run(Repo.Root, "check", "examples");
        result.ExitCode.Should().Be(0, result.Stdout);
        result.Stdout.Should().BeEmpty();
    }

    [Test]
    public void A_folder_without_rule_files_is_an_error_for_check_and_eval()
    {
        Directory.CreateDirectory(Path.Combine(folder.Path, "empty"));
        folder.Write("p.json", "{}");
        var check = RulesProcess.Run(folder.Path, "check", "empty");
        check.ExitCode.Should().Be(1);
        check.StderrLines.Should().Equal("rules: no .rules files in 'empty'");

        var eval = RulesProcess.Run(folder.Path, "eval", "--rules", "empty", "p.json");
        eval.ExitCode.Should().Be(1);
        eval.Stdout.Should().BeEmpty();
        eval.StderrLines.Should().Equal("rules: no .rules files in 'empty'");
    }
}
