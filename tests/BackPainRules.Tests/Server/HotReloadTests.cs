using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Server;

/// <summary>
/// The server watches its rule files: a clean change replaces the rule set whole, a broken one is refused and
/// reported, and under concurrent requests every answer comes from exactly the rule set its version header names.
/// </summary>
[NonParallelizable]
public class HotReloadTests
{
    private static string Rules(int generation) => $$"""
        fact pain: bool "Back pain"
        recommendation advice "advice from generation {{generation}}"
        rule give_advice:
          if pain
          then recommend advice
        """;

    private const string Broken = "fact pain: bool\nrule give_advice:\n  if pain and\n  then recommend nothing\n";

    /// <summary>The version a rule file with this text has (the same name, so the same hash).</summary>
    private static string VersionOf(string text)
    {
        using var folder = new TempFolder();
        return RuleSet.Load(folder.Write("advice.rules", text)).Version;
    }

    [Test]
    public void Under_concurrent_requests_every_answer_matches_its_version_and_none_is_lost()
    {
        using var folder = new TempFolder();
        var file = folder.Write("advice.rules", Rules(0));
        var expectedText = Enumerable.Range(0, 6).ToDictionary(g => VersionOf(Rules(g)), g => $"advice from generation {g}");
        using var server = ServerProcess.Start(null, "--rules", folder.Path);

        var answers = new ConcurrentBag<(HttpStatusCode Status, string Version, string Text)>();
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = server.Post("/v1/evaluate", "{\"pain\": true}");
                var text = response.Json()["recommendations"]![0]!["text"]!.Value<string>()!;
                answers.Add((response.StatusCode, response.Version(), text));
            }
        })).ToArray();

        for (int generation = 1; generation <= 5; generation++)
        {
            Thread.Sleep(400);
            File.WriteAllText(file, Rules(generation));
        }
        WaitFor(() => server.Get("/v1/ruleset").Json()["version"]!.Value<string>() == VersionOf(Rules(5)));
        Thread.Sleep(300);
        stop.Cancel();
        Task.WaitAll(clients);

        answers.Should().NotBeEmpty();
        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK);
        foreach (var (_, version, text) in answers)
        {
            expectedText.Should().ContainKey(version);
            text.Should().Be(expectedText[version], "the body must come from the rule set its header names");
        }
        answers.Select(a => a.Version).Distinct().Count().Should().BeGreaterThan(1, "the reloads happened while requests ran");
        answers.Select(a => a.Version).Should().Contain(VersionOf(Rules(5)));
        WaitFor(() => server.Log.Contains("rule set reloaded"));
    }

    [Test]
    public void A_batch_in_flight_finishes_on_the_rule_set_it_started_with()
    {
        using var folder = new TempFolder();
        var file = folder.Write("advice.rules", Rules(0));
        using var server = ServerProcess.Start(null, "--rules", folder.Path);
        string old = VersionOf(Rules(0));

        using var batch = new StreamingBatch(server);
        batch.Send(Enumerable.Repeat("{\"pain\": true}", 300));
        File.WriteAllText(file, Rules(1));
        WaitFor(() => server.Get("/v1/ruleset").Version() == VersionOf(Rules(1)));
        batch.Send(Enumerable.Repeat("{\"pain\": true}", 300));
        var (status, headers, lines, _) = batch.Finish();

        status.Should().StartWith("HTTP/1.1 200");
        headers["X-RuleSet-Version"].Should().Be(old);
        lines.Should().HaveCount(600);
        lines.Select(l => JObject.Parse(l)["recommendations"]![0]!["text"]!.Value<string>())
            .Should().AllBe("advice from generation 0", "the lines sent after the reload are still answered by the rules the request started with");
        using var after = server.Post("/v1/evaluate", "{\"pain\": true}");
        after.Json()["recommendations"]![0]!["text"]!.Value<string>().Should().Be("advice from generation 1");
    }

    [Test]
    public void A_change_with_errors_keeps_the_last_good_rule_set_and_reports_it_on_healthz_and_in_the_log()
    {
        using var folder = new TempFolder();
        var file = folder.Write("advice.rules", Rules(1));
        using var server = ServerProcess.Start(null, "--rules", folder.Path);
        string good = VersionOf(Rules(1));

        File.WriteAllText(file, Broken);
        WaitFor(() => server.Get("/healthz").Json()["status"]!.Value<string>() == "stale");

        using var health = server.Get("/healthz");
        var json = health.Json();
        health.StatusCode.Should().Be(HttpStatusCode.OK, "the last good rule set is still served");
        json["version"]!.Value<string>().Should().Be(good);
        var diagnostic = (JObject)json["reloadFailed"]!["diagnostics"]![0]!;
        diagnostic["code"]!.Value<string>().Should().StartWith("BPR");
        diagnostic["file"]!.Value<string>().Should().EndWith("advice.rules");
        diagnostic["line"]!.Value<int>().Should().BeGreaterThan(0);
        // The log is written by the logger's own thread, so it may trail /healthz by a moment.
        WaitFor(() => server.Log.Contains("have errors; still serving version " + good));

        using var answer = server.Post("/v1/evaluate", "{\"pain\": true}");
        answer.Version().Should().Be(good);
        answer.Json()["recommendations"]![0]!["text"]!.Value<string>().Should().Be("advice from generation 1");

        // Fixed again: served, and the report is gone.
        File.WriteAllText(file, Rules(2));
        WaitFor(() => server.Get("/healthz").Json()["status"]!.Value<string>() == "ok");
        server.Get("/healthz").Version().Should().Be(VersionOf(Rules(2)));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) throw new TimeoutException("the server did not get there within 20 s");
            Thread.Sleep(50);
        }
    }
}
