using BackPainRules.Formatting;
using BackPainRules.Tests.Compilation;
using FsCheck;
using FsCheck.Fluent;
using FsCheckProperty = FsCheck.Property;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// Properties that must hold for every input (FsCheck): the parser and checker never throw, formatting is
/// idempotent and keeps the meaning, and the compiled evaluator agrees with the reference evaluator.
/// </summary>
public class PropertyTests
{
    internal static readonly string[] Fragments =
    {
        "fact ", "recommendation ", "rule ", "if ", " then ", " because ", " and ", " or ", "not ", " is ", " in ", "known ",
        "recommend ", "avoid ", "conclude ", "import ", "test ", "given ", "expect ", "true", "false", "bool", "number ",
        "one of ", "any of ", "has ", "priority ", "urgent", "fires ", "undetermined ", "missing ", "a", "b", "n", "w", "x",
        ":", ",", "(", ")", "..", "<", "<=", ">", ">=", "=", "!=", "+", "-", "*", "/", "12", "3.5", "0", "\"text\"",
        "\"unterminated", "\\", "#", "# comment\n", "\n", "\r\n", "\t", " ", "é", "\u00a0", "💡", "\0", "Ab", "_x",
    };

    /// <summary>Text made of the language's own pieces in random order: far more likely to reach deep parser states than random characters.</summary>
    private static Arbitrary<string> RuleLikeText() =>
        Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)).ToArbitrary();

    [Property(MaxTest = 300)]
    public bool Parsing_and_checking_any_string_never_throws(NonNull<string> text) =>
        RuleSet.FromText(text.Get, "any.rules").Diagnostics.All(d => d.Location.Start.Line >= 1 && d.Location.Start.Column >= 1);

    [Property(MaxTest = 500)]
    public FsCheckProperty Parsing_and_checking_rule_like_text_never_throws() =>
        Prop.ForAll(RuleLikeText(), text =>
        {
            var ruleSet = RuleSet.FromText(text, "soup.rules");
            // Whatever it says, it says it with positions inside the text.
            var lines = text.Split('\n').Length;
            return ruleSet.Diagnostics.All(d => d.Location.Start.Line >= 1 && d.Location.Start.Line <= lines + 1);
        });

    [Property(MaxTest = 300)]
    public FsCheckProperty Formatting_rule_like_text_is_idempotent_whenever_it_formats() =>
        Prop.ForAll(RuleLikeText(), text =>
        {
            var once = RulesFormatter.Format(text, "soup.rules");
            return once is null || RulesFormatter.Format(once, "soup.rules") == once;
        });

    [Property(MaxTest = 40)]
    public bool Formatting_a_random_rule_set_keeps_its_meaning(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = DifferentialTests.RandomRuleSet(random, rules: 30);
        var formatted = RulesFormatter.Format(text, "random.rules");
        if (formatted is null || RulesFormatter.Format(formatted, "random.rules") != formatted) return false;
        var before = RuleSet.FromText(text, "random.rules").Compile();
        var after = RuleSet.FromText(formatted, "random.rules").Compile();
        for (int i = 0; i < 20; i++)
        {
            var json = DifferentialTests.RandomProfile(random, before);
            if (after.Evaluate(json).ToJson() != before.Evaluate(json).ToJson()) return false;
        }
        return true;
    }

    [Property(MaxTest = 40)]
    public bool The_compiled_evaluator_agrees_with_the_reference_on_random_rule_sets(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var compiled = RuleSet.FromText(DifferentialTests.RandomRuleSet(random, rules: 40), "random.rules").Compile();
        for (int i = 0; i < 30; i++)
        {
            var profile = compiled.ReadProfile(DifferentialTests.RandomProfile(random, compiled)).Profile!;
            if (compiled.Evaluate(profile).ToJson() != ReferenceEvaluator.Evaluate(compiled, profile).ToJson()) return false;
        }
        return true;
    }

    /// <summary>The differential property above, on rule sets with scores, <c>count of</c>, arithmetic over ranged facts and <c>unless</c> (issue #12).</summary>
    [Property(MaxTest = 40)]
    public bool The_compiled_evaluator_agrees_with_the_reference_on_random_rule_sets_with_scores_count_of_and_unless(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var compiled = RuleSet.FromText(RandomRuleSets.Generate(random, rules: 40), "random.rules").Compile();
        for (int i = 0; i < 30; i++)
        {
            var values = RandomRuleSets.PartialValues(compiled, random, unknown: 0.1 * (i % 8));
            var profile = compiled.ReadProfile(RandomRuleSets.Json(compiled, values)).Profile!;
            if (compiled.Evaluate(profile).ToJson() != ReferenceEvaluator.Evaluate(compiled, profile).ToJson()) return false;
        }
        return true;
    }

    [Property(MaxTest = 25)]
    public bool Formatting_a_random_rule_set_with_scores_count_of_and_unless_keeps_its_meaning(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var text = RandomRuleSets.Generate(random, rules: 30);
        var formatted = RulesFormatter.Format(text, "random.rules");
        if (formatted is null || RulesFormatter.Format(formatted, "random.rules") != formatted) return false;
        var before = RuleSet.FromText(text, "random.rules").Compile();
        var after = RuleSet.FromText(formatted, "random.rules").Compile();
        for (int i = 0; i < 20; i++)
        {
            var json = RandomRuleSets.Json(before, RandomRuleSets.PartialValues(before, random, unknown: 0.3));
            if (after.Evaluate(json).ToJson() != before.Evaluate(json).ToJson()) return false;
        }
        return true;
    }

    [Property(MaxTest = 300)]
    public bool Reading_any_profile_text_never_throws(NonNull<string> text)
    {
        var read = RuleSet.BuiltIn.Compile().ReadProfile(text.Get, "any.json");
        return read.Profile is not null || read.Diagnostics.Any(d => d.IsError);
    }
}
