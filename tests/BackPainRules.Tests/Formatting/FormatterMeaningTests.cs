using BackPainRules.Formatting;

namespace BackPainRules.Tests.Formatting;

/// <summary>Formatting never changes meaning: the same profiles give the same results before and after.</summary>
public class FormatterMeaningTests
{
    private static IEnumerable<string> RuleFiles() =>
        Directory.EnumerateFiles(Repo.Examples, "*.rules")
            .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden"), "*.rules", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Repo.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(RuleFiles))]
    public void Formatting_is_idempotent(string file)
    {
        var once = RulesFormatter.Format(File.ReadAllText(Path.Combine(Repo.Root, file)), file);
        if (once is null)
        {
            Path.GetFileName(file).Should().StartWith("bad_", "only files meant to be broken may fail to format");
            return;
        }
        RulesFormatter.Format(once, file).Should().Be(once);
    }

    [Test]
    public void The_built_in_rule_set_gives_the_same_results_after_formatting_a_scrambled_copy()
    {
        // Scramble the layout (every line pushed right, spaces doubled, blank lines added), format it back,
        // and compare evaluations of every example profile with the original.
        var original = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        var scrambled = string.Join("\n\n", original.Split('\n').Select(l => l.Length == 0 || l.TrimStart().StartsWith('#') || l.Contains('"') ? l : "   " + l.Replace(" ", "  ")));
        var formatted = RulesFormatter.Format(scrambled, "lower-back-pain.rules");
        formatted.Should().NotBeNull();

        var before = RuleSet.FromText(original, "lower-back-pain.rules").Compile();
        var after = RuleSet.FromText(formatted!, "lower-back-pain.rules").Compile();
        foreach (var profile in Directory.EnumerateFiles(Path.Combine(Repo.Examples, "profiles"), "*.json").Where(p => !p.EndsWith(".expected.json")))
        {
            var text = File.ReadAllText(profile);
            after.Evaluate(text).ToJson().Should().Be(before.Evaluate(text).ToJson(), profile);
        }
    }

    [Test]
    public void Unnamed_rules_keep_their_meaning_and_only_their_line_numbers_change()
    {
        const string messy = "fact a: bool\nfact n: number\nrecommendation x\nrecommendation y\n\n\n\nif a and(n>2 or not a) then recommend x\n   if n<1 then recommend y and avoid x\n";
        var formatted = RulesFormatter.Format(messy, "m.rules")!;
        formatted.Should().NotBe(messy);
        var before = RuleSet.FromText(messy, "m.rules").Compile();
        var after = RuleSet.FromText(formatted, "m.rules").Compile();
        foreach (var profile in new[] { "{}", "{\"a\": true, \"n\": 3}", "{\"a\": false, \"n\": 0}", "{\"n\": 0.5}" })
        {
            var x = before.Evaluate(profile);
            var y = after.Evaluate(profile);
            y.Recommendations.Select(r => r.Id).Should().Equal(x.Recommendations.Select(r => r.Id));
            y.Avoid.Select(r => r.Id).Should().Equal(x.Avoid.Select(r => r.Id));
            y.Fired.Count.Should().Be(x.Fired.Count);
            y.Undetermined.Select(u => string.Join(",", u.Missing)).Should().Equal(x.Undetermined.Select(u => string.Join(",", u.Missing)));
        }
    }
}
