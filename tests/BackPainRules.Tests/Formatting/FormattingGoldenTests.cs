using System.Text;
using BackPainRules.Formatting;

namespace BackPainRules.Tests.Formatting;

/// <summary>
/// Golden layouts. Each <c>Golden/formatting/NAME.rules</c> has a <c>NAME.expected</c> beside it with exactly what
/// <c>rules fmt</c> makes of it; the expected text is already in the layout (formatting it changes nothing).
/// To regenerate after an intended change, run
/// <c>BPR_UPDATE_GOLDEN=1 dotnet test tests/BackPainRules.Tests --filter FullyQualifiedName~FormattingGoldenTests</c>
/// and read every changed file by eye against the layout described in docs/LANGUAGE.md before committing it.
/// </summary>
public class FormattingGoldenTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden", "formatting");

    private static bool Updating => Environment.GetEnvironmentVariable("BPR_UPDATE_GOLDEN") == "1";

    public static IEnumerable<TestCaseData> GoldenFiles() =>
        Directory.EnumerateFiles(Folder, "*.rules", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"FormattingGolden({name})"));

    [TestCaseSource(nameof(GoldenFiles))]
    public void Formatter_output_matches_the_expected_file_byte_for_byte(string name)
    {
        var expectedPath = Path.Combine(Folder, Path.ChangeExtension(name, ".expected"));
        var actual = RulesFormatter.Format(File.ReadAllText(Path.Combine(Folder, name)), name);
        actual.Should().NotBeNull($"{name} must have no syntax errors");
        if (Updating)
        {
            File.WriteAllBytes(expectedPath, Encoding.UTF8.GetBytes(actual!));
            TestContext.Out.WriteLine($"updated {expectedPath}");
        }
        File.Exists(expectedPath).Should().BeTrue($"{name} needs {Path.GetFileName(expectedPath)} (run with BPR_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(expectedPath);
        actual.Should().Be(expected, $"{name} against {Path.GetFileName(expectedPath)}");
        RulesFormatter.Format(expected, name).Should().Be(expected, "the expected layout formats to itself");
    }

    [TestCaseSource(nameof(GoldenFiles))]
    public void The_golden_layout_is_no_wider_than_the_width_keeps_every_comment_and_binds_the_same(string name)
    {
        var input = File.ReadAllText(Path.Combine(Folder, name));
        var expected = File.ReadAllText(Path.Combine(Folder, Path.ChangeExtension(name, ".expected")));
        input.Split('\n').Max(l => l.Length).Should().BeGreaterThan(RulesFormatter.Width, "the input has lines to wrap");
        Properties.FormattingLayoutProperties.TooWide(expected).Should().BeEmpty();

        var comments = BackPainRules.Parsing.RulesParser.Parse(input, name).Comments.Select(c => c.Text).ToList();
        comments.Should().NotBeEmpty();
        BackPainRules.Parsing.RulesParser.Parse(expected, name).Comments.Select(c => c.Text).Should().Equal(comments, "no comment is lost or reordered");

        var before = RuleSet.FromText(input, name);
        var after = RuleSet.FromText(expected, name);
        before.Diagnostics.Should().BeEmpty();
        after.Diagnostics.Should().BeEmpty();
        var random = new Random(14);
        for (int i = 0; i < 200; i++)
        {
            var json = RandomRuleSets.Json(before.Compile(), RandomRuleSets.PartialValues(before.Compile(), random, unknown: 0.1 * (i % 5)));
            var x = before.Compile().Evaluate(json);
            var y = after.Compile().Evaluate(json);
            // Unnamed rules are named by their line, which formatting moves; everything else is the same.
            y.Recommendations.Select(r => r.Id).Should().Equal(x.Recommendations.Select(r => r.Id), json);
            y.Avoid.Select(r => r.Id).Should().Equal(x.Avoid.Select(r => r.Id), json);
            y.Fired.Count.Should().Be(x.Fired.Count, json);
        }
        // The same facts and recommendations, each with or without its `unless`.
        after.Compile().Model.Facts.Select(f => f.Name).Should().Equal(before.Compile().Model.Facts.Select(f => f.Name));
        after.Compile().Model.Recommendations.Select(r => $"{r.Name} {r.Unless is null}").Should().Equal(before.Compile().Model.Recommendations.Select(r => $"{r.Name} {r.Unless is null}"));
    }
}
