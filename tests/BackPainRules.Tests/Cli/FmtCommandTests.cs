namespace BackPainRules.Tests.Cli;

/// <summary>`rules fmt`: one layout, comments kept, idempotent, --check, files with syntax errors untouched.</summary>
public class FmtCommandTests
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

    private const string Canonical = """
        # vocab
        fact a: bool "A"  # about a
        fact n: number 1..5
        recommendation x "X \"quoted\"" priority high

        rule r1:
          if a and (n > 2 or not a)
          then recommend x
          because "b"

        if a then recommend x

        test "t":
          given a, n = 3
          expect recommend x
          expect not undetermined r1

        """;

    private TempFolder folder = null!;

    [SetUp]
    public void SetUp() => folder = new TempFolder();

    [TearDown]
    public void TearDown() => folder.Dispose();

    [Test]
    public void Fmt_rewrites_to_the_canonical_layout_and_names_the_file()
    {
        var path = folder.Write("m.rules", Messy);
        var result = RulesProcess.Run(folder.Path, "fmt", "m.rules");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.StdoutLines.Should().Equal("m.rules");
        File.ReadAllText(path).Should().Be(Canonical.Replace("\r\n", "\n"));
    }

    [Test]
    public void Fmt_is_idempotent_and_check_passes_on_formatted_files()
    {
        var path = folder.Write("m.rules", Canonical);
        var check = RulesProcess.Run(folder.Path, "fmt", "--check", "m.rules");
        check.ExitCode.Should().Be(0);
        check.Stdout.Should().BeEmpty();
        RulesProcess.Run(folder.Path, "fmt", "m.rules").Stdout.Should().BeEmpty();
        File.ReadAllText(path).Should().Be(Canonical.Replace("\r\n", "\n"));
    }

    [Test]
    public void Check_changes_nothing_and_exits_1_naming_the_files()
    {
        var path = folder.Write("m.rules", Messy);
        folder.Write("ok.rules", Canonical);
        var result = RulesProcess.Run(folder.Path, "fmt", "--check", ".");

        result.ExitCode.Should().Be(1);
        result.StdoutLines.Should().Equal("m.rules");
        File.ReadAllText(path).Should().Be(Messy);
    }

    [Test]
    public void A_file_with_syntax_errors_is_left_untouched_and_reported()
    {
        const string broken = "fact   a: bool\nif a then\n";
        var path = folder.Write("bad.rules", broken);
        var result = RulesProcess.Run(folder.Path, "fmt", "bad.rules");

        result.ExitCode.Should().Be(1);
        File.ReadAllText(path).Should().Be(broken);
        result.Stderr.Should().Contain("bad.rules:3:1: error BPR005").And.Contain("bad.rules: not formatted");
    }

    [Test]
    public void The_examples_are_formatted()
    {
        var result = RulesProcess.Run(Repo.Root, "fmt", "--check", "examples");
        result.ExitCode.Should().Be(0, result.Stdout);
    }
}
