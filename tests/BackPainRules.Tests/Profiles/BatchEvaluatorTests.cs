using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Profiles;

/// <summary>
/// The fast JSON path for batches (<see cref="BatchEvaluator.EvaluateNdjsonAsJson"/>): the same bytes as
/// rendering each profile on its own, in input order across chunks, with bad lines reported in order.
/// </summary>
public class BatchEvaluatorTests
{
    private static readonly CompiledRuleSet BuiltIn = RuleSet.BuiltIn.Compile();

    private static string Batch(int count, Func<int, string?>? bad = null)
    {
        var lines = Enumerable.Range(1, count).Select(i => bad?.Invoke(i) ??
            $"{{\"$id\": \"r{i}\", \"cadence\": {150 + i % 40}, \"foot_lands_in_front\": {(i % 3 == 0 ? "true" : "false")}, \"pain_score\": {i % 11}, \"sitting_hours_per_day\": {i % 12}, \"workout\": \"{(i % 2 == 0 ? "easy" : "tempo")}\"}}");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>What the batch should print: each good line evaluated and rendered on its own.</summary>
    private static string OneByOne(string ndjson, bool explain = false)
    {
        var expected = new StringBuilder();
        foreach (var read in BuiltIn.ReadNdjson(new StringReader(ndjson), "batch.ndjson"))
        {
            if (read.Profile is null) continue;
            expected.Append(explain ? ExplanationFormatter.ToJson(BuiltIn.Explain(read.Profile)) : BuiltIn.Evaluate(read.Profile).ToJson()).Append('\n');
        }
        return expected.ToString();
    }

    private static (string Output, List<ProfileReadResult> Problems, int Profiles) Run(string ndjson, int chunkSize, bool explain = false)
    {
        var output = new MemoryStream();
        var problems = new List<ProfileReadResult>();
        int profiles = 0;
        foreach (var chunk in BatchEvaluator.EvaluateNdjsonAsJson(BuiltIn, new StringReader(ndjson), "batch.ndjson", strict: false, explain, chunkSize))
        {
            chunk.WriteTo(output);
            problems.AddRange(chunk.Problems);
            profiles += chunk.ProfileCount;
        }
        return (Encoding.UTF8.GetString(output.ToArray()), problems, profiles);
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(4096)]
    public void Gives_the_same_bytes_as_rendering_each_profile_alone_in_input_order(int chunkSize)
    {
        string ndjson = Batch(1_000);
        var (output, problems, profiles) = Run(ndjson, chunkSize);

        output.Should().Be(OneByOne(ndjson));
        problems.Should().BeEmpty();
        profiles.Should().Be(1_000);
    }

    [Test]
    public void Explanations_are_rendered_the_same_way()
    {
        string ndjson = Batch(50);
        Run(ndjson, chunkSize: 8, explain: true).Output.Should().Be(OneByOne(ndjson, explain: true));
    }

    [Test]
    public void Bad_lines_are_reported_in_input_order_and_lose_only_themselves()
    {
        string ndjson = Batch(100, i => i % 17 == 0 ? "{\"cadence\": \"fast\"}" : null);
        var (output, problems, profiles) = Run(ndjson, chunkSize: 10);

        problems.Select(p => p.Diagnostics.First(d => d.IsError).ToString()).Should().SatisfyRespectively(
            Enumerable.Range(1, 100).Where(i => i % 17 == 0)
                .Select(i => (Action<string>)(error => error.Should().StartWith($"batch.ndjson:{i}:13: error BPR303: "))));
        output.Should().Be(OneByOne(ndjson));
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(100 - 5);
        profiles.Should().Be(100);
    }

    [Test]
    public void An_empty_batch_gives_nothing()
    {
        var (output, problems, profiles) = Run("", chunkSize: 4);
        output.Should().BeEmpty();
        problems.Should().BeEmpty();
        profiles.Should().Be(0);
        Run("\n  \n", chunkSize: 4).Profiles.Should().Be(0);
    }

    [Test]
    public void Stopping_early_ends_the_enumeration_without_waiting_for_the_rest()
    {
        var chunks = BatchEvaluator.EvaluateNdjsonAsJson(BuiltIn, new StringReader(Batch(10_000)), "batch.ndjson", strict: false, chunkSize: 10);
        var first = chunks.First();

        first.ProfileCount.Should().Be(10);
        Encoding.UTF8.GetString(first.Output.SelectMany(piece => piece.ToArray()).ToArray()).Should().StartWith("{\"profile\":\"r1\"");
    }

    [Test]
    public void A_failing_reader_surfaces_its_exception_to_the_caller()
    {
        var act = () => BatchEvaluator.EvaluateNdjsonAsJson(BuiltIn, new FailingReader(Batch(20)), "batch.ndjson", strict: false, chunkSize: 5).ToList();

        act.Should().Throw<IOException>().WithMessage("disk went away");
    }

    /// <summary>Gives the first lines of a text, then fails the way a broken disk or pipe would.</summary>
    private sealed class FailingReader(string text) : TextReader
    {
        private readonly StringReader inner = new(text);
        private int lines;

        public override string? ReadLine() => ++lines > 12 ? throw new IOException("disk went away") : inner.ReadLine();
    }

    [Test]
    public void The_batch_paths_hot_methods_compile_ahead_of_the_first_profile()
    {
        var prepared = BatchEvaluator.PrepareHotMethods().Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        prepared.Should().Contain(new[] { "Utf8ProfileReader.TryRead", "Utf8FactKeys.Find", "RuleEngine.WriteJson", "RuleEngine.DecideRules", "CountNode.Eval" });
    }
}
