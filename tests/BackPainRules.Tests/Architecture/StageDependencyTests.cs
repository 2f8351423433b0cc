using System.Text.RegularExpressions;

namespace BackPainRules.Tests.Architecture;

/// <summary>
/// The library's stage folders depend on each other in one direction only, in the order the README's
/// "How it is built" table draws them: a folder may use the folders above it, never one below. A file
/// uses a folder when it imports its namespace or names a type through it (<c>Profiles.FactValue</c>).
/// </summary>
public class StageDependencyTests
{
    /// <summary>Earliest first. The README's table lists the same folders in the same order.</summary>
    internal static readonly string[] StageOrder =
    [
        "Text", "Diagnostics", "Syntax", "Parsing", "Formatting", "Loading", "Semantics", "Graph", "Schema",
        "Profiles", "Evaluation", "Compilation", "Testing", "Editing",
    ];

    private static string Library => Path.Combine(Repo.Root, "src", "BackPainRules");

    [Test]
    public void Every_stage_folder_of_the_library_has_a_place_in_the_order()
    {
        var folders = Directory.GetDirectories(Library)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .ToList();
        folders.Should().BeEquivalentTo(StageOrder);
    }

    [Test]
    public void The_readme_draws_the_stages_in_this_order()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        int start = readme.IndexOf("## How it is built", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0);
        var table = readme[start..].Split('\n').SkipWhile(line => !line.StartsWith("| stage", StringComparison.Ordinal))
            .TakeWhile(line => line.StartsWith('|'));
        var folders = table.SelectMany(line => Regex.Matches(line, @"`(\w+)/`").Select(m => m.Groups[1].Value)).ToList();
        folders.Should().Equal(StageOrder);
    }

    [Test]
    public void No_stage_uses_a_later_stage()
    {
        var stageNames = string.Join("|", StageOrder);
        var reference = new Regex($@"(?:\bBackPainRules\.|(?<![\w.]))(?<stage>{stageNames})\.[A-Z]");
        var violations = new List<string>();
        foreach (var stage in StageOrder)
        {
            int rank = Array.IndexOf(StageOrder, stage);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Library, stage), "*.cs", SearchOption.AllDirectories))
            {
                var lines = File.ReadAllLines(file);
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].Trim();
                    // Comments may talk about any stage.
                    if (line.StartsWith("//", StringComparison.Ordinal)) continue;
                    foreach (Match match in reference.Matches(UsingAsReference(line)))
                    {
                        string used = match.Groups["stage"].Value;
                        if (Array.IndexOf(StageOrder, used) > rank)
                        {
                            violations.Add($"{Path.GetRelativePath(Library, file)}:{i + 1}: {stage} uses {used}: {line}");
                        }
                    }
                }
            }
        }
        violations.Should().BeEmpty("a stage may use only the stages before it ({0})", string.Join(" → ", StageOrder));
    }

    /// <summary><c>using BackPainRules.X;</c> becomes <c>BackPainRules.X.</c>, so one pattern finds imports and qualified names.</summary>
    private static string UsingAsReference(string line) =>
        Regex.Replace(line, @"^using (static )?(BackPainRules\.\w+)\s*;", "$2.X");

    [Test]
    public void The_library_leaves_the_console_to_its_hosts()
    {
        var uses = Directory.EnumerateFiles(Library, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line: line.Trim(), number: i + 1)))
            .Where(x => !x.line.StartsWith("//", StringComparison.Ordinal) && x.line.Contains("Console.", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(Library, x.file)}:{x.number}: {x.line}")
            .ToList();
        uses.Should().BeEmpty("reading stdin and writing to the terminal is the CLI's and the server's business");
    }

    [Test]
    public void Test_oracles_stay_in_the_test_project()
    {
        var assembly = typeof(RuleSet).Assembly;
        assembly.GetType("BackPainRules.Profiles.JsonArraySplitter").Should().BeNull();
        // The tree-walking evaluator is the tests' independent reference, not a second engine in the library.
        assembly.GetType("BackPainRules.Evaluation.Evaluator").Should().BeNull();
    }
}
