using BackPainRules.Tests.LanguageServer.Support;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>A code lens on each test block showing pass or fail, and the rules.runTest command that runs it.</summary>
public class CodeLensTests : LspTestBase
{
    private const string Failing = """

        test "a failing expectation":
          given not leg_numbness, workout is easy
          expect recommend increase_cadence

        """;

    private LspTestClient client = null!;
    private string uri = null!;

    [SetUp]
    public async Task Start()
    {
        client = await StartAsync();
        uri = UriIn("tests.rules");
    }

    private async Task<JArray> LensesAsync() => (JArray)(await client.RequestAsync("textDocument/codeLens", Doc(uri)))!;

    [Test]
    public async Task Each_test_block_has_a_lens_at_its_line_that_shows_it_passed()
    {
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        var lenses = await LensesAsync();

        lenses.Select(l => (int)l["range"]!["start"]!["line"]!).Should().Equal(24, 29);
        lenses.Select(l => (string)l["command"]!["title"]!).Should().Equal("✓ passed", "✓ passed");
        var command = lenses[0]["command"]!;
        ((string)command["command"]!).Should().Be("rules.runTest");
        command["arguments"]!.Values<string>().Should().Equal(uri, "numbness sends the runner to a physician");
    }

    [Test]
    public async Task A_failing_test_shows_why()
    {
        string text = Samples.Clean + Failing;
        await client.OpenAndWaitAsync(uri, text);

        var lens = (await LensesAsync()).Single(l => (string?)l["command"]!["arguments"]![1] == "a failing expectation");

        ((string)lens["command"]!["title"]!).Should().StartWith("✗ failed: ").And.Contain("increase_cadence");
        ((int)lens["range"]!["start"]!["line"]!).Should().Be((int)LspText.Find(text, "test \"a failing")["line"]!);
    }

    [Test]
    public async Task Running_a_test_through_the_command_reports_passed_or_failed()
    {
        await client.OpenAndWaitAsync(uri, Samples.Clean + Failing);
        var lenses = await LensesAsync();

        var results = new List<JToken>();
        foreach (var lens in lenses)
        {
            var command = lens["command"]!;
            results.Add((await client.RequestAsync("workspace/executeCommand", new { command = (string)command["command"]!, arguments = command["arguments"] }))!);
        }

        results.Select(r => $"{(string)r["name"]!}: {(bool)r["passed"]!}").Should().Equal(
            "numbness sends the runner to a physician: True",
            "intervals with pain need cadence work: True",
            "a failing expectation: False");
        ((string)results[2]["message"]!).Should().Contain("increase_cadence");
    }

    [Test]
    public async Task Lenses_follow_the_text_as_it_changes()
    {
        await client.OpenAndWaitAsync(uri, Samples.Clean);
        (await LensesAsync()).Select(l => (string)l["command"]!["title"]!).Should().Equal("✓ passed", "✓ passed");

        // With the threshold raised to 6, the second test's pain score of 5 no longer makes the rule fire.
        string changed = Samples.Clean.Replace("pain_score >= 3", "pain_score >= 6");
        await client.ChangeAndWaitAsync(uri, 2, changed);

        var titles = (await LensesAsync()).Select(l => (string)l["command"]!["title"]!).ToArray();
        titles[0].Should().Be("✓ passed");
        titles[1].Should().StartWith("✗ failed: ");
        var run = await client.RequestAsync("workspace/executeCommand",
            new { command = "rules.runTest", arguments = new object[] { uri, "intervals with pain need cadence work" } });
        ((bool)run!["passed"]!).Should().BeFalse();
    }

    [Test]
    public async Task An_unknown_test_or_command_returns_null()
    {
        await client.OpenAndWaitAsync(uri, Samples.Clean);

        (await client.RequestAsync("workspace/executeCommand", new { command = "rules.runTest", arguments = new object[] { uri, "no such test" } })).Should().BeNull();
        (await client.RequestAsync("workspace/executeCommand", new { command = "rules.other", arguments = Array.Empty<object>() })).Should().BeNull();
    }

    [Test]
    public async Task A_rule_set_with_errors_has_no_lenses_until_it_is_fixed()
    {
        string broken = Samples.Clean.Replace("then recommend core_work", "then recommend core_walk");
        await client.OpenAndWaitAsync(uri, broken);
        (await LensesAsync()).Should().BeEmpty("tests cannot run on a rule set with errors");

        await client.ChangeAndWaitAsync(uri, 2, Samples.Clean);
        (await LensesAsync()).Should().HaveCount(2);
    }
}
