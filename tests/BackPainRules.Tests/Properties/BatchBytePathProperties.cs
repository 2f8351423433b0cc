using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Profiles;
using BackPainRules.Tests.Support;
using FsCheck;
using PropertyAttribute = FsCheck.NUnit.PropertyAttribute;

namespace BackPainRules.Tests.Properties;

/// <summary>
/// Issue #18: the byte path of <c>rules eval --format json</c> (<see cref="BatchEvaluator.EvaluateNdjsonAsJson(CompiledRuleSet, Stream, string, bool, bool, int)"/>)
/// gives, byte for byte, what reading each line with the text reader and writing
/// <c>ResultFormatter.ToJson(rules.Evaluate(profile)) + "\n"</c> gives, and the same problems with the same diagnostics,
/// on random rule sets and random batches: known and partly unknown profiles, nulls, bad values, undeclared, concluded,
/// score and duplicate keys, <c>$id</c>s plain, escaped, non-ASCII and wrong, escaped keys, odd white space, invalid
/// JSON and UTF-8, blank lines, CRLF and CR line ends, byte order marks, read in chunks of every size.
/// </summary>
public class BatchBytePathProperties
{
    [Property(MaxTest = 60)]
    public bool The_byte_path_gives_the_text_paths_bytes_and_diagnostics(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var rules = RuleSet.FromText(RandomRuleSets.Generate(random, rules: 40), "random.rules").Compile();
        bool strict = random.Next(4) == 0;
        var bytes = RandomBatch(rules, random, lines: random.Next(1, 80));
        int chunkBytes = random.Next(3) switch { 0 => random.Next(1, 16), 1 => random.Next(16, 600), _ => BatchEvaluator.DefaultChunkBytes };

        var (expected, expectedProblems) = TextPath(rules, bytes, strict);
        var (actual, actualProblems) = BytePath(rules, bytes, strict, chunkBytes);
        if (actual != expected || !actualProblems.SequenceEqual(expectedProblems))
        {
            TestContext.Out.WriteLine($"seed {seed.Get}, strict {strict}, chunk {chunkBytes}");
            TestContext.Out.WriteLine(Encoding.UTF8.GetString(bytes));
            return false;
        }
        return true;
    }

    [Property(MaxTest = 25)]
    public bool The_byte_path_agrees_on_the_built_in_rule_set(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var rules = RuleSet.BuiltIn.Compile();
        var bytes = RandomBatch(rules, random, lines: random.Next(1, 60));
        var (expected, expectedProblems) = TextPath(rules, bytes, strict: false);
        var (actual, actualProblems) = BytePath(rules, bytes, strict: false, chunkBytes: random.Next(1, 2000));
        return actual == expected && actualProblems.SequenceEqual(expectedProblems);
    }

    [Test]
    public void The_byte_path_agrees_on_a_rule_set_with_more_than_64_items_and_concluded_facts()
    {
        // Each list of items, and the concluded facts, are bit sets of 64 a word in the result assembly.
        var random = new Random(11);
        var rules = RuleSet.FromText(RandomRuleSets.Generate(random, rules: 800, recommendations: 100, concluded: 80), "wide.rules").Compile();
        var bytes = RandomBatch(rules, random, lines: 200);
        var (expected, expectedProblems) = TextPath(rules, bytes, strict: false);
        var (actual, actualProblems) = BytePath(rules, bytes, strict: false, chunkBytes: BatchEvaluator.DefaultChunkBytes);
        actual.Should().Be(expected);
        actualProblems.Should().Equal(expectedProblems);
        actual.Should().Contain("\"withheld\":[{", "some advice was withheld");
    }

    [Test]
    public void A_UTF16_batch_is_decoded_as_the_text_reader_decodes_it()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"cadence\": 170}\n\n{\"$id\": \"é\", \"fever\": false}\r\n")).ToArray();
        var (expected, expectedProblems) = TextPath(rules, bytes, strict: false);
        var (actual, actualProblems) = BytePath(rules, bytes, strict: false, chunkBytes: 5);
        actual.Should().Be(expected);
        actual.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        actualProblems.Should().Equal(expectedProblems);
    }

    [Test]
    public void Explanations_from_bytes_are_the_text_paths()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var bytes = Encoding.UTF8.GetBytes("{\"cadence\": 170, \"fever\": false}\n{\"pain_score\": 3}\n");
        var expected = new StringBuilder();
        foreach (var chunk in BatchEvaluator.EvaluateNdjsonAsJson(rules, new StreamReader(new MemoryStream(bytes)), "batch.ndjson", false, explain: true))
        {
            var output = new MemoryStream();
            chunk.WriteTo(output);
            expected.Append(Encoding.UTF8.GetString(output.ToArray()));
        }
        BytePath(rules, bytes, strict: false, chunkBytes: 7, explain: true).Output.Should().Be(expected.ToString());
    }

    [Test]
    public void A_fully_known_profile_is_read_and_written_without_allocating()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var reader = rules.Layout.Utf8Reader;
        var scratch = reader.NewScratch();
        var values = RandomRuleSets.PartialValues(rules, new Random(7), unknown: 0);
        var line = Encoding.UTF8.GetBytes(RandomRuleSets.Json(rules, values));
        var json = new BackPainRules.Text.Utf8JsonBuffer(64 * 1024);
        void Once()
        {
            json.Clear();
            // (No assertion library here: it allocates.)
            if (!reader.TryRead(line, scratch, out _)) throw new InvalidOperationException("the fast reader declined a clean profile");
            rules.Engine.WriteJson(scratch.Values, "\"p\""u8, default, json);
        }
        for (int i = 0; i < 100; i++) Once();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Once();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var profile = rules.ReadProfile(Encoding.UTF8.GetString(line), "p").Profile!;
        var result = rules.Evaluate(profile);
        Encoding.UTF8.GetString(json.Written.Span).Should().Be(result.ToJson());
        result.Undetermined.Should().BeEmpty("the profile is fully known");
        allocated.Should().Be(0);
    }

    /// <summary>Numbers written straight into the buffer (whole numbers by their digits, others by "R") read as <see cref="BackPainRules.Text.NumberText.Shortest"/> writes them.</summary>
    [Property(MaxTest = 500)]
    public bool Numbers_are_written_as_NumberText_writes_them(NormalFloat x, int whole, int exponent)
    {
        var json = new BackPainRules.Text.Utf8JsonBuffer(64);
        foreach (double value in new[] { x.Get, whole, whole * Math.Pow(10, exponent % 20), x.Get * Math.Pow(10, exponent % 30), -0.0, 1e15, 999999999999999, -1e15, 1e-7, 0.1 })
        {
            json.Clear();
            json.Number(value);
            if (Encoding.UTF8.GetString(json.Written.Span) != BackPainRules.Text.NumberText.Shortest(value)) return false;
        }
        return true;
    }

    /// <summary>What the text path gives: each line read by the text reader, each good profile's result as JSON, one a line; the problems as text.</summary>
    private static (string Output, List<string> Problems) TextPath(CompiledRuleSet rules, byte[] bytes, bool strict)
    {
        var output = new StringBuilder();
        var problems = new List<string>();
        using var text = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var read in rules.ReadNdjson(text, "batch.ndjson", strict))
        {
            if (read.Profile is { } profile) output.Append(BackPainRules.Evaluation.ResultFormatter.ToJson(rules.Evaluate(profile))).Append('\n');
            else problems.Add(Describe(read));
        }
        return (output.ToString(), problems);
    }

    private static (string Output, List<string> Problems) BytePath(CompiledRuleSet rules, byte[] bytes, bool strict, int chunkBytes, bool explain = false)
    {
        var output = new MemoryStream();
        var problems = new List<string>();
        foreach (var chunk in BatchEvaluator.EvaluateNdjsonAsJson(rules, new MemoryStream(bytes), "batch.ndjson", strict, explain, chunkBytes))
        {
            chunk.WriteTo(output);
            problems.AddRange(chunk.Problems.Select(Describe));
        }
        return (Encoding.UTF8.GetString(output.ToArray()), problems);
    }

    private static string Describe(ProfileReadResult read) => read.Name + " | " + string.Join(" | ", read.Diagnostics.Select(d => d.ToString()));

    /// <summary>A batch of lines of every kind, as UTF-8 bytes (some invalid), with mixed line ends.</summary>
    private static byte[] RandomBatch(CompiledRuleSet rules, Random random, int lines)
    {
        var batch = new List<byte>();
        if (random.Next(5) == 0) batch.AddRange(new byte[] { 0xEF, 0xBB, 0xBF });
        if (random.Next(20) == 0) batch.AddRange(new byte[] { 0xEF, 0xBB, 0xBF });
        for (int i = 0; i < lines; i++)
        {
            batch.AddRange(RandomLine(rules, random));
            if (i == lines - 1 && random.Next(3) == 0) break;
            batch.AddRange(random.Next(6) switch
            {
                0 => "\r\n"u8.ToArray(),
                1 => "\r"u8.ToArray(),
                _ => "\n"u8.ToArray(),
            });
        }
        return batch.ToArray();
    }

    private static byte[] RandomLine(CompiledRuleSet rules, Random random)
    {
        double unknown = random.Next(3) switch { 0 => 0, 1 => 0.33, _ => random.NextDouble() };
        var values = RandomRuleSets.PartialValues(rules, random, unknown);
        string json = RandomRuleSets.Json(rules, values);
        var input = rules.Facts.Where(f => !f.IsConcluded).ToArray();
        string Some() => input[random.Next(input.Length)].Name;
        string body = json[1..^1];
        string With(string member) => body.Length == 0 ? "{" + member + "}" : random.Next(2) == 0 ? "{" + member + "," + body + "}" : "{" + body + "," + member + "}";
        // JSON the byte path's own scanner must read exactly as the general reader does, or leave to it: numbers in
        // every form RFC 8259 allows and some it does not, literals, strings, arrays and objects written oddly.
        string[] numbers = ["0", "-0", "7", "-7", "2.50", "0.5", "1e1", "1E+1", "25e-1", "-0.0e0", "01", "1.", ".5", "+1", "1e", "1e+", "-", "0x10", "1_0", "Infinity", "NaN", "1.5.2", "3 4"];
        string[] literals = ["true", "false", "null", "tru", "nul", "truex", "True", "NULL", "falsey", "t"];
        string[] odd = ["{}", "{ }", " { } ", "{,}", "{\"a\"}", "{\"a\":}", "{:1}", "{/*c*/}", "{\"" + Some() + "\":null,}", "{\"" + Some() + "\" :null}", "{\"" + Some() + "\":[\"a\",]}", "{\"" + Some() + "\":[[]]}", "{\"" + Some() + "\":[ ]}", "{\"" + Some() + "\":{}}", "{\"" + Some() + "\"\t:\tnull\t}", "{'" + Some() + "':null}", "{\"" + Some() + "\":\"a\tb\"}"];
        string[] ids = ["a\tb", "a\u0001b", "a\u007fb", "a\\\"b", "a\\\\b", "a\\u0041", "a/b", ""];
        var numberFacts = input.Where(f => f.Type == BackPainRules.Semantics.FactType.Number).ToArray();
        string number = numbers[random.Next(numbers.Length)];
        string text = random.Next(30) switch
        {
            0 => With("\"$id\":\"runner-" + random.Next(100) + "\""),
            1 => With("\"$id\":\"r\\u00e9 \\\"q\\\" \\n\""),
            2 => With("\"$id\":\"naïve – 跑者\""),
            3 => With("\"$id\":" + random.Next(10)),
            4 => With("\"" + Some() + "\":null"),
            5 => With("\"" + Some() + "\":\"nope\""),
            6 => With("\"" + Some() + "\":12345"),
            7 => With("\"" + Some() + "x\":true"),
            8 => rules.Facts.FirstOrDefault(f => f.IsConcluded) is { } concluded ? With("\"" + concluded.Name + "\":true") : json,
            9 => rules.Model.Scores.Length > 0 ? With("\"" + rules.Model.Scores[0].Name + "\":1") : json,
            10 => body.Length > 0 ? "{" + body + "," + body + "}" : json,
            11 => " \t " + json.Replace(",", " ,\t", StringComparison.Ordinal).Replace(":", " : ", StringComparison.Ordinal) + "  ",
            12 => With("\"\\u0062" + Some()[1..] + "\":null"),
            13 => json[..Math.Max(1, json.Length / 2)],
            14 => json + " {}",
            15 => With("\"" + Some() + "\":1e400"),
            16 => "",
            17 => " \t ",
            18 => "\u00a0",
            19 => With("\"$meta\":{\"a\":[1,2]}"),
            20 => "[" + json + "]",
            21 => With("\"$id\":\"a\",\"$id\":\"b\""),
            22 or 23 => numberFacts.Length > 0 ? With("\"" + numberFacts[random.Next(numberFacts.Length)].Name + "\":" + number) : json,
            24 => With("\"" + Some() + "\":" + literals[random.Next(literals.Length)]),
            25 => odd[random.Next(odd.Length)],
            26 => With("\"" + Some() + "\":" + number),
            27 => With("\"$id\":\"" + ids[random.Next(ids.Length)] + "\""),
            _ => json,
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        if (random.Next(30) == 0 && bytes.Length > 2)
        {
            // Invalid UTF-8 somewhere in the line.
            bytes[random.Next(1, bytes.Length - 1)] = 0xFF;
        }
        return bytes;
    }
}
