using System.Globalization;
using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Semantics;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: the outcome depends only on the rule set and the profile; a compiled rule set may be shared by threads.</summary>
public class DeterminismAndThreadingTests
{
    private static string BuiltInText => File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));

    private static IEnumerable<string> ExampleProfiles() =>
        Directory.GetFiles(Path.Combine(Repo.Examples, "profiles"), "*.json")
            .Where(p => !p.EndsWith(".expected.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(File.ReadAllText);

    /// <summary>Deterministic pseudo-random profiles over every fact of a rule set: absent, null or a valid value.</summary>
    private static List<string> RandomProfiles(CompiledRuleSet rules, int count, int seed)
    {
        var random = new Random(seed);
        var profiles = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var json = new StringBuilder("{\"$id\": \"random-").Append(i).Append('"');
            // Concluded facts are decided by their rules alone; a profile cannot give them (SPEC §4).
            foreach (var fact in rules.Facts.Where(f => !f.IsConcluded))
            {
                int pick = random.Next(4);
                if (pick == 0) continue;
                json.Append(", \"").Append(fact.Name).Append("\": ");
                if (pick == 1)
                {
                    json.Append("null");
                    continue;
                }
                switch (fact.Type)
                {
                    case FactType.Bool:
                        json.Append(random.Next(2) == 0 ? "false" : "true");
                        break;
                    case FactType.Number:
                        double low = fact.Low ?? -50, high = fact.High ?? 50;
                        double value = Math.Round(low + random.NextDouble() * (high - low), 1);
                        json.Append(Math.Clamp(value, low, high).ToString(CultureInfo.InvariantCulture));
                        break;
                    case FactType.OneOf:
                        json.Append('"').Append(fact.Values[random.Next(fact.Values.Length)]).Append('"');
                        break;
                    default:
                        var chosen = fact.Values.Where(_ => random.Next(2) == 0).Select(v => $"\"{v}\"");
                        json.Append('[').Append(string.Join(", ", chosen)).Append(']');
                        break;
                }
            }
            profiles.Add(json.Append('}').ToString());
        }
        return profiles;
    }

    [Test]
    public void Repeated_evaluation_gives_byte_identical_json()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var profiles = ExampleProfiles().Concat(RandomProfiles(rules, 50, seed: 17)).ToList();
        profiles.Should().HaveCountGreaterThan(50);
        var first = profiles.Select(p => Encoding.UTF8.GetBytes(rules.Evaluate(p).ToJson())).ToList();
        for (int run = 0; run < 20; run++)
        {
            for (int i = 0; i < profiles.Count; i++)
            {
                Encoding.UTF8.GetBytes(rules.Evaluate(profiles[i]).ToJson()).Should().Equal(first[i], $"run {run}, profile {i}");
            }
        }
    }

    [Test]
    public void A_fresh_compile_of_the_same_text_gives_byte_identical_json()
    {
        var original = RuleSet.BuiltIn.Compile();
        var profiles = ExampleProfiles().Concat(RandomProfiles(original, 100, seed: 5)).ToList();
        var expected = profiles.Select(p => original.Evaluate(p).ToJson()).ToList();
        for (int compile = 0; compile < 3; compile++)
        {
            var fresh = TestRules.Compile(BuiltInText, "lower-back-pain.rules");
            fresh.Should().NotBeSameAs(original);
            var actual = profiles.Select(p => fresh.Evaluate(p).ToJson()).ToList();
            for (int i = 0; i < profiles.Count; i++)
            {
                Encoding.UTF8.GetBytes(actual[i]).Should().Equal(Encoding.UTF8.GetBytes(expected[i]), $"compile {compile}, profile {profiles[i]}");
            }
        }
    }

    [Test]
    public void Results_do_not_depend_on_what_was_evaluated_before()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var profiles = RandomProfiles(rules, 200, seed: 99);
        var forward = profiles.Select(p => rules.Evaluate(p).ToJson()).ToList();
        var backward = Enumerable.Range(0, profiles.Count).Reverse().Select(i => (i, json: rules.Evaluate(profiles[i]).ToJson()))
            .OrderBy(t => t.i).Select(t => t.json).ToList();
        backward.Should().Equal(forward);
    }

    [Test]
    public void Random_profiles_exercise_every_outcome()
    {
        // Guards the threading test below: its profiles must produce varied, non-trivial results.
        var rules = RuleSet.BuiltIn.Compile();
        var results = RandomProfiles(rules, 500, seed: 2024).Select(p => rules.Evaluate(p)).ToList();
        results.Should().Contain(r => r.Recommendations.Any(i => i.Id == "seek_emergency_care"));
        results.Should().Contain(r => r.Recommendations.Any(i => i.Id == "see_physician_today"));
        results.Should().Contain(r => r.Recommendations.Any(i => i.Id == "see_physician"));
        results.Should().Contain(r => r.Avoid.Any(i => i.Id == "running_until_cleared"));
        results.Should().Contain(r => r.Withheld.Count > 0);
        results.Should().Contain(r => r.Undetermined.Any(u => u.Missing.Count > 1));
        results.Should().Contain(r => r.Concluded.Contains("anterior_pelvic_tilt"));
        results.Select(r => string.Join(",", r.Fired) + "|" + string.Join(",", r.Undetermined.Select(u => u.Rule))).Distinct()
            .Should().HaveCountGreaterThan(100);
    }

    [Test]
    public void One_compiled_rule_set_evaluated_from_8_threads_matches_sequential_evaluation()
    {
        const int threadCount = 8;
        var rules = RuleSet.BuiltIn.Compile();
        var profiles = RandomProfiles(rules, 500, seed: 2024);
        var sequential = profiles.Select(p => rules.Evaluate(p).ToJson()).ToArray();

        var results = new string[threadCount][];
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(threadCount);
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            try
            {
                var mine = new string[profiles.Count];
                start.SignalAndWait();
                // Each thread walks the profiles from a different starting point so that different
                // profiles are in flight at the same moment.
                for (int k = 0; k < profiles.Count; k++)
                {
                    int i = (k + t * 61) % profiles.Count;
                    mine[i] = rules.Evaluate(profiles[i]).ToJson();
                }
                results[t] = mine;
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join(TimeSpan.FromMinutes(2)).Should().BeTrue("every thread should finish"));

        errors.Should().BeEmpty();
        for (int t = 0; t < threadCount; t++)
        {
            results[t].Should().Equal(sequential, $"thread {t}");
        }
    }

    [Test]
    public void Parallel_evaluation_through_every_entry_point_matches_sequential_evaluation()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var profiles = RandomProfiles(rules, 500, seed: 7);
        var sequential = profiles.Select(p => rules.Evaluate(p).ToJson()).ToArray();
        var parallel = new string[profiles.Count];
        Parallel.For(0, profiles.Count * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            int i = n % profiles.Count;
            string json = (n / profiles.Count % 3) switch
            {
                0 => rules.Evaluate(profiles[i]).ToJson(),
                1 => rules.Evaluate(rules.ReadProfile(profiles[i]).Profile!).ToJson(),
                _ => rules.Evaluate(new MemoryStream(Encoding.UTF8.GetBytes(profiles[i]))).ToJson(),
            };
            json.Should().Be(sequential[i]);
            parallel[i] = json;
        });
        parallel.Should().Equal(sequential);
    }
}
