using System.Globalization;
using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// Clinical safety of the built-in rule set (issue #13), over random runner profiles: a red flag stops
/// every piece of advice but referral (and what to avoid), and an unanswered red-flag question holds the
/// advice back until it is answered.
/// </summary>
public class BuiltInSafetyProperties
{
    /// <summary>The referrals: the only advice a runner with a red flag may be given.</summary>
    private static readonly HashSet<string> Referrals = new(StringComparer.Ordinal)
    {
        "seek_emergency_care", "contact_maternity_unit_now", "see_physician_today", "see_physician", "see_physiotherapist",
    };

    /// <summary>Red-flag questions that are each, alone, a red flag.</summary>
    private static readonly string[] RedFlagQuestions =
    {
        "bladder_bowel_changes", "saddle_numbness", "sexual_dysfunction", "both_legs_numb_or_weak", "leg_weakness_worsening",
        "pain_after_fall", "osteoporosis_or_steroids", "low_energy_or_missed_periods", "young_with_extension_pain",
        "history_of_cancer", "weight_loss_unexplained", "night_pain", "thoracic_pain", "fever", "infection_risk",
    };

    /// <summary>Pregnancy warning signs: a red flag when the runner is pregnant.</summary>
    private static readonly string[] PregnancyWarningSigns = { "vaginal_bleeding", "contractions_or_rhythmic_back_pain", "fluid_leaking" };

    private static readonly Lazy<CompiledRuleSet> Compiled = new(() => RuleSet.BuiltIn.Compile());

    /// <summary>Every recommendation that is not a referral and not one of the two things only ever avoided: exercise, running, stretching, massage, equipment.</summary>
    private static IEnumerable<string> Advice() =>
        Compiled.Value.Model.Recommendations.Select(r => r.Name)
            .Where(n => !Referrals.Contains(n) && n != "static_stretch_before_run" && n != "running_until_cleared");

    private enum Answer { Unknown, No, Yes }

    /// <summary>A random profile; red-flag questions are mostly "no" so that every case (flag, open question, all clear) comes up often.</summary>
    private static (string Json, Dictionary<string, Answer> RedFlags, Answer Pregnant) RandomProfile(Random random)
    {
        var flags = new Dictionary<string, Answer>(StringComparer.Ordinal);
        var pregnant = Answer.Unknown;
        var json = new StringBuilder("{");
        // A third of the profiles answer every red-flag question, most of them "no".
        bool screened = random.Next(3) == 0;
        foreach (var fact in Compiled.Value.Facts.Where(f => !f.IsConcluded))
        {
            bool isFlag = RedFlagQuestions.Contains(fact.Name) || PregnancyWarningSigns.Contains(fact.Name);
            string? value;
            if (isFlag)
            {
                int roll = random.Next(screened ? 60 : 20);
                value = roll == 0 ? "true" : roll <= (screened ? 59 : 14) ? "false" : null;
            }
            else
            {
                value = random.Next(4) == 0 ? null : RandomValue(fact, random);
            }
            if (isFlag) flags[fact.Name] = value switch { "true" => Answer.Yes, "false" => Answer.No, _ => Answer.Unknown };
            if (fact.Name == "pregnant") pregnant = value switch { "true" => Answer.Yes, "false" => Answer.No, _ => Answer.Unknown };
            if (value is null) continue;
            if (json.Length > 1) json.Append(',');
            json.Append('"').Append(fact.Name).Append("\":").Append(value);
        }
        return (json.Append('}').ToString(), flags, pregnant);
    }

    private static string RandomValue(FactSymbol fact, Random random) => fact.Type switch
    {
        FactType.Bool => random.Next(2) == 0 ? "true" : "false",
        FactType.Number => RandomNumber(fact, random),
        FactType.OneOf => $"\"{fact.Values[random.Next(fact.Values.Length)]}\"",
        _ => "[" + string.Join(",", fact.Values.Where(_ => random.Next(2) == 0).Select(v => $"\"{v}\"")) + "]",
    };

    private static string RandomNumber(FactSymbol fact, Random random)
    {
        double low = fact.Low ?? 0, high = fact.High ?? 100;
        double value = random.Next(4) == 0 ? Math.Round(low + random.NextDouble() * (high - low), 1) : low + random.Next((int)Math.Min(high - low, 60) + 1);
        return Math.Min(value, high).ToString(CultureInfo.InvariantCulture);
    }

    private static bool AnyRedFlag(Dictionary<string, Answer> flags, Answer pregnant) =>
        RedFlagQuestions.Any(f => flags[f] == Answer.Yes) || (pregnant == Answer.Yes && PregnancyWarningSigns.Any(f => flags[f] == Answer.Yes));

    private static bool AnyRedFlagOpen(Dictionary<string, Answer> flags, Answer pregnant) =>
        RedFlagQuestions.Any(f => flags[f] == Answer.Unknown)
        || (pregnant != Answer.No && PregnancyWarningSigns.Any(f => flags[f] != Answer.No) && (pregnant == Answer.Unknown || PregnancyWarningSigns.Any(f => flags[f] == Answer.Unknown)));

    private static EvaluationResult Evaluate(string json)
    {
        var read = Compiled.Value.ReadProfile(json, "random.json");
        if (read.HasErrors) throw new InvalidOperationException($"generated an invalid profile: {json}");
        return Compiled.Value.Evaluate(read.Profile!);
    }

    [Property(MaxTest = 500)]
    public bool Whenever_a_red_flag_is_true_only_referral_is_given(PositiveInt seed)
    {
        var (json, flags, pregnant) = RandomProfile(new Random(seed.Get));
        if (!AnyRedFlag(flags, pregnant)) return true;
        var result = Evaluate(json);
        return result.Concluded.Contains("red_flag")
            && result.Recommendations.All(r => Referrals.Contains(r.Id))
            && result.Recommendations.Count > 0
            && result.Avoid.Any(a => a.Id == "running_until_cleared");
    }

    [Property(MaxTest = 500)]
    public bool Whenever_a_red_flag_question_is_open_and_none_is_true_advice_is_withheld_never_given(PositiveInt seed)
    {
        var (json, flags, pregnant) = RandomProfile(new Random(seed.Get));
        if (AnyRedFlag(flags, pregnant) || !AnyRedFlagOpen(flags, pregnant)) return true;
        var result = Evaluate(json);
        var advice = Advice().ToHashSet(StringComparer.Ordinal);
        return result.Recommendations.All(r => !advice.Contains(r.Id))
            // The warm-up is asked for on every run, so it is always there, held back.
            && result.Withheld.Any(w => w.Id == "dynamic_warmup");
    }

    [Property(MaxTest = 500)]
    public bool Whenever_red_flag_is_concluded_for_any_reason_only_referral_is_given(PositiveInt seed)
    {
        // Routine referrals (inflammatory signs, worsening, no better after weeks) conclude red_flag too.
        var (json, _, _) = RandomProfile(new Random(seed.Get));
        var result = Evaluate(json);
        return !result.Concluded.Contains("red_flag")
            || (result.Recommendations.All(r => Referrals.Contains(r.Id)) && result.Avoid.Any(a => a.Id == "running_until_cleared"));
    }

    [Test]
    public void The_random_profiles_reach_every_case_and_the_gate_opens_once_all_is_clear()
    {
        int flagged = 0, open = 0, clear = 0, advised = 0;
        for (int seed = 1; seed <= 1500; seed++)
        {
            var (json, flags, pregnant) = RandomProfile(new Random(seed));
            if (AnyRedFlag(flags, pregnant)) { flagged++; continue; }
            if (AnyRedFlagOpen(flags, pregnant)) { open++; continue; }
            clear++;
            var result = Evaluate(json);
            // Every red-flag question answered "no": advice is given unless a routine referral (worsening, no
            // better, inflammatory signs) is due or its questions are still open.
            if (result.Recommendations.Any(r => r.Id == "dynamic_warmup")) advised++;
        }
        flagged.Should().BeGreaterThan(100);
        open.Should().BeGreaterThan(100);
        clear.Should().BeGreaterThan(50);
        advised.Should().BeGreaterThan(10, "a runner with every red flag answered no gets advice");
    }

    [Test]
    public void Every_piece_of_advice_is_written_unless_red_flag()
    {
        var advice = Compiled.Value.Model.Recommendations.Where(r => Advice().Contains(r.Name)).ToList();
        advice.Should().HaveCountGreaterThan(15);
        advice.Where(r => r.Unless is null).Select(r => r.Name).Should().BeEmpty();
        var text = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        foreach (var r in advice)
        {
            // The declaration's own lines: its first line and the indented lines `rules fmt` continues it on.
            System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?m)^recommendation {r.Name}\b.*(\n  .*)* unless red_flag$")
                .Should().BeTrue($"{r.Name} should be withheld while a red flag is present or unanswered");
        }
        Compiled.Value.Model.Recommendations.Where(r => Referrals.Contains(r.Name)).Should().OnlyContain(r => r.Unless == null);
    }
}
