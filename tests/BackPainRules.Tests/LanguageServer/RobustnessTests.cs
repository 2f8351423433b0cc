using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;
using StreamJsonRpc;
using static BackPainRules.Tests.LanguageServer.Support.LspText;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>
/// Thousands of random edits to the built-in rule set (truncations, garbage, unbalanced parentheses, non-ASCII,
/// line breaks), with every feature asked at random positions along the way: the server must answer every
/// request, keep publishing diagnostics, hold exactly the client's text, and end clean when the text is restored.
/// </summary>
public class RobustnessTests : LspTestBase
{
    private const int Edits = 3000;
    private const int CheckEvery = 30;

    private static readonly string[] Garbage =
    {
        "((", ")))", "(", ")", "\"", "\"unterminated", "#", "# comment 😀\n", "if if then", "then then", "and or not",
        "é", "😀", "ü ß", "\n", "\r\n", "\n\n\n", "\t", " ", ",", ":", "..", "0..", "-1", "12.5", "1e999", "99999999999999999999",
        "=", "!=", ">=", "<", "+", "*", "/ 0", "\\", "\\\"", "is not", "in (", "has", "known", "fires", "missing", "undetermined",
        "rule x:", "rule red_flag_numbness:", "fact", "fact zz: bool", "fact n: number 5..1", "fact e: one of a, a",
        "recommendation", "recommend", "avoid", "conclude", "because", "priority", "urgent", "import \"nope.rules\"",
        "import \"../escape.rules\"", "test \"t\":", "given", "expect", "expect not recommend", "Leg_Numbness", "_x", "9abc",
        "if pain_score >= 8 then recommend see_physician", "if leg_numbness then conclude red_flag", "if workout is tempo",
        "if pain_during has long_runs and not red_flag then avoid continue_training",
    };

    [TestCase(20240604)]
    public async Task Thousands_of_random_edits_never_break_the_server(int seed)
    {
        string original = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        string[] words = Regex.Matches(original, "[a-z_][a-z0-9_]*").Select(m => m.Value).Distinct().ToArray();
        string[] declared = Regex.Matches(original, @"(?:fact|recommendation|rule) ([a-z][a-z0-9_]*)").Select(m => m.Groups[1].Value).Distinct().ToArray();
        var random = new Random(seed);
        var client = await StartAsync(
            new { previewProfile = Path.Combine(Repo.Examples, "profiles", "healthy-runner.json") },
            debounce: TimeSpan.FromMilliseconds(100));
        var uri = UriIn("lower-back-pain.rules");
        var clock = Stopwatch.StartNew();

        (await client.OpenAndWaitAsync(uri, original)).Where(d => (int)d["severity"]! == 1).Should().BeEmpty();
        string text = original;
        int version = 1, requests = 0, refusals = 0, checkpoints = 0;
        var lengths = new List<int>();
        var empty = new Dictionary<string, int>();

        for (int edit = 1; edit <= Edits; edit++)
        {
            // One notification carries one to three changes, each relative to the text after the previous one.
            int count = random.Next(10) == 0 ? random.Next(2, 4) : 1;
            var changes = new List<JObject>();
            for (int c = 0; c < count; c++)
            {
                var (start, end, inserted) = RandomEdit(random, text, original, words);
                changes.Add(LspTestClient.Edit(Range(PositionOf(text, start), PositionOf(text, end)), inserted));
                text = text[..start] + inserted + text[end..];
            }
            await client.ChangeAsync(uri, ++version, changes.ToArray());

            if (edit % CheckEvery != 0) continue;
            checkpoints++;
            lengths.Add(text.Length);
            string context = $"seed {seed}, edit {edit}, version {version}";

            // Diagnostics keep coming, for the latest version.
            var published = await client.DiagnosticsAsync(uri, version);
            published["diagnostics"].Should().BeOfType<JArray>(context);
            await ServerShouldHoldText(client, uri, text);

            foreach (var (method, parameters) in RandomRequests(random, uri, text, words, declared))
            {
                requests++;
                try
                {
                    var result = await client.RequestAsync(method, parameters);
                    CheckShape(method, result, context);
                    if (result is null || result is JArray { Count: 0 }) empty[method] = empty.GetValueOrDefault(method) + 1;
                }
                catch (RemoteRpcException e) when (method == "textDocument/rename" && Convert.ToInt32(e.ErrorCode) == -32602)
                {
                    refusals++; // a documented refusal: nothing to rename there, or a bad new name
                }
                catch (RemoteRpcException e)
                {
                    Assert.Fail($"{method} failed at {context} with {e.ErrorCode}: {e.Message}\nparameters: {JToken.FromObject(parameters).Json()}\n" +
                                $"document:\n{text}\nserver log:\n{client.ServerLog}");
                }
            }
        }

        // Back to the original in one full-text change: clean again.
        await client.ChangeFullAsync(uri, ++version, original);
        var final = (JArray)(await client.DiagnosticsAsync(uri, version))["diagnostics"]!;
        final.Where(d => (int)d["severity"]! == 1).Should().BeEmpty("the original text is restored");
        await ServerShouldHoldText(client, uri, original);
        var hints = (JArray)(await client.RequestAsync("textDocument/inlayHint", new { textDocument = new { uri }, range = Range(0, 0, 9999, 0) }))!;
        hints.Should().NotBeEmpty("live evaluation works again on the restored rule set");
        var formatting = (JArray)(await client.RequestAsync("textDocument/formatting", new { textDocument = new { uri }, options = new { tabSize = 2, insertSpaces = true } }))!;
        ApplyEdits(original, formatting).Should().Be(BackPainRules.Formatting.RulesFormatter.Format(original));

        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);
        client.ServerMessages.Should().NotBeEmpty("everything the server wrote parses as LSP frames");
        var unexpected = Regex.Matches(client.ServerLog, @"\b[\w.]+Exception\b").Select(m => m.Value)
            .Where(e => e is not ("StreamJsonRpc.LocalRpcException" or "System.Reflection.TargetInvocationException" or "LocalRpcException"))
            .Distinct().ToArray();
        unexpected.Should().BeEmpty($"no handler or check crashed; log:\n{client.ServerLog}");
        client.ServerLog.Should().NotContain("rules lsp: checking", "no background check failed");
        TestContext.Out.WriteLine($"{Edits} edits, {checkpoints} checkpoints, {requests} requests ({refusals} refused renames) in {clock.Elapsed.TotalSeconds:F1} s; " +
                                $"empty or null answers: {string.Join(", ", empty.Select(e => $"{e.Key} {e.Value}"))}; " +
                                $"document length at checkpoints: min {lengths.Min()}, median {lengths.Order().ElementAt(lengths.Count / 2)}, max {lengths.Max()}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60));
    }

    /// <summary>A random edit of <paramref name="text"/>: where, how far, and what to insert.</summary>
    private static (int Start, int End, string Inserted) RandomEdit(Random random, string text, string original, string[] words)
    {
        int start = Safe(text, random.Next(text.Length + 1));
        int roll = random.Next(100);
        if (roll < 1) return (start, text.Length, ""); // truncate the document
        if (roll < 4 || text.Length < 3000 && roll < 12)
        {
            // Paste back a slice of the original, so the document keeps some structure.
            int from = random.Next(original.Length);
            int length = random.Next(1, 3000);
            return (start, start, original.Substring(from, Math.Min(length, original.Length - from)));
        }
        int end = roll < 40 ? Safe(text, Math.Min(text.Length, start + random.Next(random.Next(10) == 0 ? 400 : 30))) : start;
        string inserted = roll switch
        {
            < 25 => "", // a deletion
            < 60 => Garbage[random.Next(Garbage.Length)],
            < 85 => words[random.Next(words.Length)] + (random.Next(2) == 0 ? " " : ""),
            < 88 => new string('(', random.Next(1, 150)),
            _ => RandomCharacters(random),
        };
        return (start, end, inserted);
    }

    private static string RandomCharacters(Random random)
    {
        const string pool = "abcxyz_019 ()\"#:,.=<>!+-*/\\\t\néü😀";
        var builder = new StringBuilder();
        int length = random.Next(1, 12);
        for (int i = 0; i < length; i++)
        {
            if (random.Next(pool.Length) is var k && char.IsHighSurrogate(pool[k])) builder.Append(pool, k, 2);
            else if (!char.IsLowSurrogate(pool[k])) builder.Append(pool[k]);
        }
        return builder.ToString();
    }

    /// <summary>Moves an offset off the middle of a CRLF pair or a surrogate pair, as an editor's cursor never sits there.</summary>
    private static int Safe(string text, int offset)
    {
        if (offset > 0 && offset < text.Length && text[offset - 1] == '\r' && text[offset] == '\n') offset++;
        if (offset > 0 && offset < text.Length && char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])) offset++;
        return offset;
    }

    private static IEnumerable<(string Method, object Parameters)> RandomRequests(Random random, string uri, string text, string[] words, string[] declared)
    {
        var names = Regex.Matches(text, $@"\b(?:{string.Join('|', declared)})\b");
        JObject RandomPosition()
        {
            int roll = random.Next(20);
            if (roll == 0) return PositionOf(text, text.Length);
            if (roll == 1) return Position(random.Next(LineStarts(text).Count), random.Next(200)); // possibly past a line's end
            if (roll < 16 && names.Count > 0)
            {
                // On (or at the end of) a name of the rule set, where hover, definition and rename have something to say.
                var name = names[random.Next(names.Count)];
                return PositionOf(text, name.Index + random.Next(name.Length + 1));
            }
            return PositionOf(text, Safe(text, random.Next(text.Length + 1)));
        }
        var document = new { uri };
        yield return ("textDocument/hover", new { textDocument = document, position = RandomPosition() });
        yield return ("textDocument/completion", new { textDocument = document, position = RandomPosition() });
        yield return ("textDocument/definition", new { textDocument = document, position = RandomPosition() });
        yield return ("textDocument/references", new { textDocument = document, position = RandomPosition(), context = new { includeDeclaration = true } });
        yield return ("textDocument/documentSymbol", new { textDocument = document });
        yield return ("textDocument/semanticTokens/full", new { textDocument = document });
        yield return ("textDocument/formatting", new { textDocument = document, options = new { tabSize = 2, insertSpaces = true } });
        yield return ("textDocument/foldingRange", new { textDocument = document });
        yield return ("textDocument/codeLens", new { textDocument = document });
        yield return ("textDocument/inlayHint", new { textDocument = document, range = Range(0, 0, 9999, 0) });
        var a = RandomPosition();
        yield return ("textDocument/codeAction", new { textDocument = document, range = Range(a, a), context = new { diagnostics = Array.Empty<object>() } });
        string newName = random.Next(4) == 0 ? Garbage[random.Next(Garbage.Length)] : words[random.Next(words.Length)] + "_" + random.Next(100);
        yield return ("textDocument/rename", new { textDocument = document, position = RandomPosition(), newName });
        if (random.Next(5) == 0) yield return ("workspace/symbol", new { query = words[random.Next(words.Length)][..1] });
    }

    private static void CheckShape(string method, JToken? result, string context)
    {
        switch (method)
        {
            case "textDocument/hover":
                if (result is not null) result["contents"]!["value"]!.Type.Should().Be(JTokenType.String, context);
                break;
            case "textDocument/definition":
                if (result is not null) result["uri"].Should().NotBeNull(context);
                break;
            case "textDocument/completion":
                result!["items"].Should().BeOfType<JArray>(context);
                break;
            case "textDocument/semanticTokens/full":
                (((JArray)result!["data"]!).Count % 5).Should().Be(0, context);
                ((JArray)result["data"]!).Values<int>().Should().NotContain(n => n < 0, context);
                break;
            case "textDocument/rename":
                result!["changes"].Should().BeOfType<JObject>(context);
                break;
            default:
                result.Should().BeOfType<JArray>($"{method} answers a list at {context}");
                break;
        }
    }
}
