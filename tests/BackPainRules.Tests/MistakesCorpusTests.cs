using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Semantics;

namespace BackPainRules.Tests;

/// <summary>
/// "One mistake, one helpful diagnostic", measured. Each <c>Golden/mistakes/NAME.rules</c> is a small valid rule
/// set (the same vocabulary in each) with one typical clinician mistake in it; <c>NAME.expected</c> holds the one
/// diagnostic <c>rules check NAME.rules</c> prints for it (code, position and message). To regenerate after an
/// intended change: <c>BPR_UPDATE_GOLDEN=1 dotnet test tests/BackPainRules.Tests --filter FullyQualifiedName~MistakesCorpusTests</c>,
/// then read every changed file: each message must say how to fix the mistake.
/// </summary>
public class MistakesCorpusTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden", "mistakes");

    private static bool Updating => Environment.GetEnvironmentVariable("BPR_UPDATE_GOLDEN") == "1";

    public static IEnumerable<TestCaseData> Mistakes() =>
        Directory.EnumerateFiles(Folder, "*.rules", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"Mistake({name})"));

    private static IReadOnlyList<Diagnostic> Check(string name)
    {
        var source = File.ReadAllText(Path.Combine(Folder, name));
        return Checker.Check(new[] { new RootFile(name) }, new OneFile(name, source));
    }

    [TestCaseSource(nameof(Mistakes))]
    public void Each_mistake_gives_exactly_one_diagnostic_and_it_is_the_expected_one(string name)
    {
        var diagnostics = Check(name);
        string actual = string.Concat(diagnostics.Select(d => d + "\n"));
        var expectedPath = Path.Combine(Folder, Path.ChangeExtension(name, ".expected"));
        if (Updating) File.WriteAllText(expectedPath, actual, new UTF8Encoding(false));

        diagnostics.Should().ContainSingle($"one mistake gives one diagnostic, but {name} gave:\n{actual}")
            .Which.IsError.Should().BeTrue();
        File.Exists(expectedPath).Should().BeTrue($"{name} needs its .expected file");
        actual.Should().Be(File.ReadAllText(expectedPath), $"{name} against its .expected file");
    }

    [Test]
    public void The_corpus_holds_at_least_thirty_mistakes_and_the_vocabulary_alone_is_clean()
    {
        Mistakes().Should().HaveCountGreaterThanOrEqualTo(30);
        // The shared vocabulary (everything before the mistake) checks clean, so each diagnostic is the mistake's own.
        var first = File.ReadAllText(Path.Combine(Folder, (string)Mistakes().First().Arguments[0]!));
        string vocabulary = string.Concat(first.Split('\n').TakeWhile(l => !l.StartsWith("rule r") && !l.StartsWith("rule low")).Select(l => l + "\n"));
        Checker.Check(new[] { new RootFile("vocabulary.rules") }, new OneFile("vocabulary.rules", vocabulary)).Should().BeEmpty();
    }

    [Test]
    public void Every_corpus_message_that_is_a_syntax_error_says_more_than_what_was_expected()
    {
        // Guards against a hint silently falling back to the bare "expected X, found Y" for the mistakes the hints name.
        foreach (var name in new[] { "bad_03_bool_equals_true.rules", "bad_04_count_without_of.rules", "bad_05_actions_joined_with_comma.rules",
                     "bad_06_than_for_then.rules", "bad_07_boolean_for_bool.rules", "bad_08_double_equals.rules", "bad_12_number_with_unit.rules" })
        {
            var d = Check(name).Should().ContainSingle().Subject;
            d.Code.Should().Be("BPR005", name);
            d.Message.Should().MatchRegex("did you mean|write|'and'|no units", name);
        }
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_suggestion_the_diagnostic_offers_fixes_the_mistake(string name)
    {
        // The editor's quick fix puts the suggestion in place of the diagnostic's span; that must leave no error
        // (a warning may remain: a declaration the mistake hid may be unused).
        var diagnostic = Check(name).Should().ContainSingle().Subject;
        if (diagnostic.Suggestion is not { } suggestion)
        {
            Assert.Pass($"{name}: no suggestion to apply");
            return;
        }
        var text = File.ReadAllText(Path.Combine(Folder, name));
        var span = diagnostic.Location.Span;
        string fixedText = text[..span.Start] + suggestion + text[span.End..];
        Checker.Check(new[] { new RootFile(name) }, new OneFile(name, fixedText)).Where(d => d.IsError)
            .Should().BeEmpty($"{name} with '{suggestion}' in place of '{text.Substring(span.Start, span.Length)}' is fixed:\n{fixedText}");
    }

    [Test]
    public void Most_mistakes_carry_a_suggestion_the_editor_can_apply()
    {
        var withSuggestion = Mistakes().Select(c => (string)c.Arguments[0]!).Where(n => Check(n).Single().Suggestion is not null).ToList();
        withSuggestion.Should().Contain(new[] { "bad_04_count_without_of.rules", "bad_06_than_for_then.rules", "bad_07_boolean_for_bool.rules",
            "bad_28_single_quotes.rules", "bad_32_when_for_if.rules" });
        withSuggestion.Should().HaveCountGreaterThanOrEqualTo(12);
    }

    private sealed class OneFile(string name, string text) : IFileSystem
    {
        public bool FileExists(string fullPath) => Path.GetFileName(fullPath) == name;

        public string ReadAllText(string fullPath) =>
            Path.GetFileName(fullPath) == name ? text : throw new FileNotFoundException(fullPath);
    }
}
