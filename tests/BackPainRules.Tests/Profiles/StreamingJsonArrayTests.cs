using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Profiles;

/// <summary>
/// A JSON array of profiles is read item by item as the bytes arrive (issue #6). The streaming reader
/// must give exactly what the whole-text reader gives (names, values, diagnostics with their positions),
/// however the input is cut into reads and however small its buffer, and must not hold the whole input.
/// </summary>
public class StreamingJsonArrayTests
{
    private static readonly CompiledRuleSet Rules = TestRules.Compile(ProfileReaderTests.RulesText, "streaming-test.rules");

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Buffer sizes and read sizes that cut the text at many different places, down to one byte a read.</summary>
    private static readonly (int BufferSize, int MaxRead)[] Cuts = [(1, 1), (16, 3), (64, 7), (StreamingJsonArraySplitter.DefaultBufferSize, int.MaxValue)];

    // ---- The whole-text reader as the reference ----

    /// <summary>
    /// What the reader did before streaming: decode the whole stream, then split and read the text. The
    /// stream is cut into the same reads as the streamed one's, because the StreamReader decodes by them
    /// (it looks for a UTF-16 byte-order mark only when its first read gives two bytes).
    /// </summary>
    private static List<string> Reference(byte[] input, string path, bool strict, int maxRead = int.MaxValue)
    {
        using var reader = new StreamReader(new TricklingStream(input, maxRead), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16);
        return Render(WholeTextProfileReader.ReadDocument(Rules.Layout, reader.ReadToEnd(), path, strict));
    }

    private static List<string> Streamed(byte[] input, string path, bool strict, int bufferSize, int maxRead)
    {
        using var reader = new StreamReader(new TricklingStream(input, maxRead), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16);
        return Render(ProfileReader.ReadJson(Rules.Layout, reader, path, strict, bufferSize));
    }

    /// <summary>Everything a caller can see of a result, as text, so two sequences of results compare exactly.</summary>
    private static List<string> Render(IEnumerable<ProfileReadResult> results) => results.Select(r =>
    {
        string profile = r.Profile is null
            ? "no profile"
            : $"profile {r.Profile.Name}: {string.Join(", ", r.Profile.Values)}; warnings {string.Join(" / ", r.Profile.Warnings.Select(Show))}";
        return $"{r.Name} | {profile} | {string.Join(" / ", r.Diagnostics.Select(Show))}";
    }).ToList();

    private static string Show(BackPainRules.Diagnostics.Diagnostic d) =>
        $"{d} [{d.Location.Start.Line}:{d.Location.Start.Column}-{d.Location.End.Line}:{d.Location.End.Column}] {d.Suggestion}";

    /// <summary>Checks the streaming reader against the reference for one input, at every cut, lenient and strict.</summary>
    private static void AssertSameAsWholeText(byte[] input, string because)
    {
        foreach (bool strict in new[] { false, true })
        {
            foreach (var (bufferSize, maxRead) in Cuts)
            {
                var expected = Reference(input, "club.json", strict, maxRead);
                Streamed(input, "club.json", strict, bufferSize, maxRead).Should().Equal(expected,
                    $"{because} (strict {strict}, buffer {bufferSize}, reads of at most {maxRead} bytes); input: {Escape(input)}");
            }
        }
    }

    private static string Escape(byte[] input) =>
        string.Concat(input.Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));

    // ---- Fixed inputs: the shapes the reader must get exactly right ----

    public static IEnumerable<TestCaseData> FixedInputs()
    {
        TestCaseData Text(string json, string name) => new TestCaseData(Utf8.GetBytes(json)).SetName($"Streaming equals whole text: {name}");
        TestCaseData Bytes(byte[] bytes, string name) => new TestCaseData(bytes).SetName($"Streaming equals whole text: {name}");
        byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
        byte[] bom = [0xEF, 0xBB, 0xBF];

        yield return Text("", "empty file");
        yield return Text(" \n\t\r\n ", "only whitespace");
        yield return Text("{\"flag\": true}", "one object");
        yield return Text("\n\n  {\"flag\": 1}", "one object after blank lines, with an error");
        yield return Text("{\"flag\": true} [1]", "one object then garbage");
        yield return Text("5", "a number");
        yield return Text("[ ]", "empty array");
        yield return Text("[]x", "empty array then garbage");
        yield return Text("[", "only an opening bracket");
        yield return Text("[\n  ", "opening bracket and whitespace");
        yield return Text("[,]", "one empty item");
        yield return Text("[ , ,\n, ]", "empty items with whitespace");
        yield return Text("[{\"flag\": true},]", "trailing comma");
        yield return Text("[{\"flag\": true},", "truncated after a comma");
        yield return Text("[{\"flag\": true}", "no closing bracket after a whole item");
        yield return Text("[{\"flag\": tr", "truncated inside an item");
        yield return Text("[{\"$id\": \"abc   ", "truncated inside a string with trailing spaces");
        yield return Text("[{\"$id\": \"a\\", "truncated after a backslash");
        yield return Text("[{\"flag\": true}] \n x", "garbage after the array");
        yield return Text("[{\"flag\": true}]]", "a second closing bracket");
        yield return Text("[{\"flag\": true}]\r\n\t ", "whitespace after the array");
        yield return Text("[}]", "a stray closing brace");
        yield return Text("[{\"flag\": true}}, {\"flag\": false}]", "an extra brace inside an item");
        yield return Text("[1, \"two]\", [3, \"]\"], null, true, {}]", "items that are not objects");
        yield return Text("[{\"$id\": \"a ] } [ { , \\\" \\\\\", \"flag\": 1}, {\"$id\": \"b\\\"]\", \"flag\": true}]", "brackets, braces and escapes in strings");
        yield return Text("[{\"$id\": \"Zoë 🏃 日本\", \"flag\": 1},{\"$id\": \"🏃🏃\", \"nöpe\": 1, \"workout\": \"sprint\"}]", "multi-byte text before errors on one line");
        yield return Text("[{\"$id\": \"\\ud800\"}, {\"\\u0063adence\": 150}, {\"$id\": \"x\", \"free\": NaN}]", "escapes: unpaired surrogate, escaped key, NaN");
        yield return Text("[\r\n\t{\"flag\": true,\r\n\t \"cadence\": 99},\r\n\t{\"flag\":\ttrue,\t\"free\": 1}\r\n]\r\n", "CRLF and tabs");
        yield return Text("[{\"flag\": true},\r{\"flag\": 2}]", "a lone CR is not a line end");
        yield return Text("[{\"flag\": true, \"flag\": false}, {\"pain\": [\"easy_runs\", \"nope\"]}]", "duplicate key and undeclared value");
        yield return Text("[{\"other\": {\"x\": [1, {\"y\": \"]\"}]}, \"free\": 2}]", "nested values under an undeclared key");
        yield return Text("[{\"deep\": " + new string('[', 70) + new string(']', 70) + "}, {\"flag\": true}]", "nesting past the depth limit in one item");
        yield return Text("[{\"deep\": " + new string('[', 62) + new string(']', 62) + "}]", "nesting just within the depth limit");
        yield return Text("[{\"flag\": true} {\"flag\": false}]", "two objects without a comma");
        yield return Text("[{\"flag\": true /* c */}, {'flag': true}]", "a comment and single quotes");
        yield return Bytes(Cat(bom, Utf8.GetBytes("[{\"flag\": 1}]")), "a byte-order mark");
        yield return Bytes(Cat(bom, bom, Utf8.GetBytes("[{\"flag\": 1}]")), "two byte-order marks");
        yield return Bytes(Cat(bom, Utf8.GetBytes(" {\"flag\": 1}")), "a byte-order mark before one object");
        yield return Bytes(Cat(Utf8.GetBytes("[{\"$id\": \"a"), [0xFF, 0xC3], Utf8.GetBytes("\", \"flag\": 1}, {\"flag\": 2}]")), "invalid UTF-8 in a string");
        yield return Bytes(Cat(Utf8.GetBytes("[{\"flag\": true}, {\"$id\": \"x\"}"), [0xE6, 0x97]), "truncated in a multi-byte character");
        yield return Bytes(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("[{\"flag\": 1}, {\"$id\": \"日本\", \"free\": \"x\"}]")).ToArray(), "UTF-16 with its byte-order mark");
        // Encoding.Unicode would replace an unpaired surrogate, so its two bytes (0xD800, little-endian) go in by hand.
        yield return Bytes(Cat(Encoding.Unicode.GetPreamble(), Encoding.Unicode.GetBytes("[{\"$id\": \"a"), [0x00, 0xD8], Encoding.Unicode.GetBytes("\", \"flag\": 1}, {\"$id\": \""), [0x00, 0xD8]),
            "UTF-16 with unpaired surrogates, one at the very end");
    }

    [TestCaseSource(nameof(FixedInputs))]
    public void Fixed_input(byte[] input)
    {
        AssertSameAsWholeText(input, "a fixed input");
    }

    [Test]
    public void Every_truncation_of_a_small_array()
    {
        var text = "[\n  {\"$id\": \"Zoë ] \\\"🏃\\\"\", \"flag\": true},\r\n  {\"free\": NaN}, 5,\n\t{\"pain\": [\"long_runs\"], \"x\": {\"y\": [1, \"}\"]}}\n] ";
        var input = Utf8.GetBytes(text);
        for (int length = 0; length <= input.Length; length++)
        {
            AssertSameAsWholeText(input[..length], $"the first {length} of {input.Length} bytes");
        }
    }

    [Test]
    public void Random_arrays()
    {
        var random = new Random(6);
        for (int run = 0; run < 300; run++)
        {
            var input = RandomArray(random);
            AssertSameAsWholeText(input, $"random array {run}");
        }
    }

    [Test]
    public void The_public_stream_api_streams_and_agrees_with_the_whole_text()
    {
        var input = Utf8.GetBytes("[\n {\"flag\": true},\n {\"flag\": \"x\"},\n 7\n] x");
        var results = Rules.ReadProfiles(new TricklingStream(input, 5), "club.json").ToList();
        Render(results).Should().Equal(Reference(input, "club.json", strict: false));
        results.Select(r => r.Name).Should().Equal("club.json[0]", "club.json[1]", "club.json[2]", "club.json");
        results[1].Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith("club.json:3:11: error BPR303");
        results[3].Diagnostics.Should().ContainSingle().Which.ToString().Should().Be("club.json:5:3: error BPR301: invalid JSON: unexpected content after the array");
    }

    // ---- Random arrays ----

    /// <summary>Item texts; '~' marks where random whitespace goes. Good items, bad items, items that are not objects.</summary>
    private static readonly string[] ItemTemplates =
    [
        "{~\"flag\"~:~true~,~\"cadence\"~:~170~}",
        "{~\"$id\"~:~\"a ] } [ { , \\\" \\\\ '\"~,~\"flag\"~:~false~}",
        "{~\"$id\"~:~\"Zoë 🏃 日本\"~,~\"workout\"~:~\"easy\"~,~\"pain\"~:~[~\"long_runs\"~,~\"easy_runs\"~]~}",
        "{~\"other\"~:~{~\"x\"~:~[~1~,~{~\"y\"~:~\"]}\"~}~]~}~,~\"free\"~:~2.5~}",
        "{~\"flag\"~:~\"yes\"~}",
        "{~\"free\"~:~NaN~}",
        "{~\"cadence\"~:~99~}",
        "{~\"flag\"~:~tru~}",
        "{~\"\\u0063adence\"~:~150~,~\"$note\"~:~\"日本\"~}",
        "{~\"$id\"~:~\"\\ud800\"~}",
        "{~\"flag\"~:~true~,~\"flag\"~:~true~}",
        "{~\"pain\"~:~[~\"nope\"~]~}",
        "{~\"flag\"~:~true~,~}",
        "{~\"flag\"~:~true",
        "5",
        "\"a string ] with , things\"",
        "[~1~,~[~2~]~]",
        "null",
        "",
        "{~\"deep\"~:~" + new string('[', 66) + new string(']', 66) + "~}",
    ];

    private static readonly string[] Whitespace = ["", "", " ", "  ", "\t", "\n", "\r\n", " \n\t", "\r"];

    private static byte[] RandomArray(Random random)
    {
        string Space() => Whitespace[random.Next(Whitespace.Length)];
        string Fill(string template) => string.Concat(template.Split('~').Select((part, i) => i == 0 ? part : Space() + part));

        var text = new StringBuilder();
        text.Append(Space()).Append('[').Append(Space());
        int count = random.Next(0, 8);
        for (int i = 0; i < count; i++)
        {
            if (i > 0) text.Append(Space()).Append(',').Append(Space());
            text.Append(Fill(ItemTemplates[random.Next(ItemTemplates.Length)]));
        }
        if (random.Next(6) == 0) text.Append(',');
        text.Append(Space());
        if (random.Next(8) != 0) text.Append(']');
        text.Append(Space());
        if (random.Next(6) == 0) text.Append(new[] { "x", "]", "{}", "[]", "," }[random.Next(5)]);

        var bytes = Utf8.GetBytes(text.ToString());
        if (random.Next(5) == 0) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        if (random.Next(5) == 0) bytes = bytes[..random.Next(bytes.Length + 1)];
        return bytes;
    }

    // ---- Memory ----

    [Test]
    public void A_large_array_is_read_lazily_in_bounded_memory()
    {
        const int itemCount = 200_000;
        var input = new GeneratedArrayStream(itemCount);
        long inputSize = GeneratedArrayStream.SizeOf(itemCount);
        inputSize.Should().BeGreaterThan(15_000_000, "the input must be large next to the memory allowed");

        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var results = Rules.ReadProfiles(input, "big.json").GetEnumerator();

        results.MoveNext().Should().BeTrue();
        results.Current.Name.Should().Be("big.json[0]");
        results.Current.Diagnostics.Should().BeEmpty();
        input.BytesRead.Should().BeLessThan(inputSize / 50, "the first profile comes out long before the input has been read");

        int count = 1;
        long mostLive = 0;
        while (results.MoveNext())
        {
            var result = results.Current;
            if (count % 50_000 == 0)
            {
                result.Name.Should().Be($"big.json[{count}]");
                result.Profile.Should().NotBeNull();
                Rules.Evaluate(result.Profile!).Fired.Should().Equal("t");
                mostLive = Math.Max(mostLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
            count++;
        }

        count.Should().Be(itemCount);
        input.BytesRead.Should().Be(inputSize);
        // Reading the whole text held it twice over (a string and its UTF-8 bytes): about 3 × inputSize.
        mostLive.Should().BeLessThan(inputSize / 10, $"only the current item and a small buffer are held (input {inputSize:N0} bytes)");
    }

    /// <summary>A stream that can only be read forwards, as a pipe or a network stream: no length, no seeking.</summary>
    private abstract class ForwardOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A non-seekable stream that gives at most <c>maxRead</c> bytes a read, to cut the text everywhere.</summary>
    private sealed class TricklingStream(byte[] bytes, int maxRead) : ForwardOnlyStream
    {
        private int position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, maxRead), bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

    }

    /// <summary>
    /// A non-seekable stream of a JSON array of <c>count</c> profiles, made as it is read (the test holds
    /// none of it), counting the bytes it has given.
    /// </summary>
    private sealed class GeneratedArrayStream(int count) : ForwardOnlyStream
    {
        private int next;
        private byte[] pending = "[\n"u8.ToArray();
        private int pendingAt;

        public long BytesRead { get; private set; }

        private static byte[] Item(int i, bool last) => Encoding.UTF8.GetBytes(
            $"  {{\"flag\": true, \"cadence\": {150 + i % 90}, \"free\": 1, \"workout\": \"easy\", \"pain\": [\"long_runs\"], \"$note\": \"#{i:D6} ]}}\"}}{(last ? "\n]\n" : ",\n")}");

        public static long SizeOf(int count) => 2 + Enumerable.Range(0, count).Sum(i => (long)Item(i, i == count - 1).Length);

        public override int Read(byte[] buffer, int offset, int count1)
        {
            if (pendingAt == pending.Length)
            {
                if (next == count) return 0;
                pending = Item(next, next == count - 1);
                pendingAt = 0;
                next++;
            }
            int n = Math.Min(count1, pending.Length - pendingAt);
            Array.Copy(pending, pendingAt, buffer, offset, n);
            pendingAt += n;
            BytesRead += n;
            return n;
        }

    }
}
