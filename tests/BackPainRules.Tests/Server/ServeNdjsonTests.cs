using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Server;

/// <summary><c>POST /v1/evaluate</c> with NDJSON: streamed, in input order, bad lines answered in place.</summary>
[NonParallelizable]
public class ServeNdjsonTests
{
    private ServerProcess server = null!;

    [OneTimeSetUp]
    public void StartServer() => server = ServerProcess.Start();

    [OneTimeTearDown]
    public void StopServer() => server.Dispose();

    [Test]
    public void A_bad_line_in_the_middle_is_answered_in_its_place_and_the_rest_as_rules_eval_answers_them()
    {
        var lines = File.ReadAllLines(Repo.Path_("examples/profiles/club-batch.ndjson")).Where(l => l.Length > 0).ToList();
        int middle = lines.Count / 2;
        lines.Insert(middle, "{\"cadence\": 900}");
        lines.Insert(middle + 1, "");
        lines.Insert(middle + 2, "{\"overstride\": ");
        string batch = string.Join("\n", lines) + "\n";
        var cli = RulesProcess.RunWithInput(Repo.Root, batch, "eval", "--format", "json", "-");

        using var response = server.Post("/v1/evaluate?name=-", batch, "application/x-ndjson");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/x-ndjson");
        var answers = response.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        answers.Should().HaveCount(lines.Count - 1, "one answer per non-blank line");
        var good = answers.Where(a => !a.Contains("\"diagnostics\":")).ToList();
        good.Should().Equal(cli.StdoutLines, "the good lines give exactly what rules eval prints, in the same order");

        var outOfRange = JObject.Parse(answers[middle]);
        outOfRange["profile"]!.Value<string>().Should().Be($"-:{middle + 1}");
        outOfRange["diagnostics"]![0]!["code"]!.Value<string>().Should().Be("BPR304");
        outOfRange["diagnostics"]![0]!["line"]!.Value<int>().Should().Be(middle + 1);
        outOfRange["diagnostics"]![0]!["fact"]!.Value<string>().Should().Be("cadence");
        var broken = JObject.Parse(answers[middle + 1]);
        broken["profile"]!.Value<string>().Should().Be($"-:{middle + 3}", "the blank line is skipped but counted");
        broken["diagnostics"]![0]!["code"]!.Value<string>().Should().Be("BPR301");
        // The command reports the same two lines on stderr.
        cli.StderrLines.Should().HaveCount(2);
        cli.StderrLines[0].Should().StartWith($"-:{middle + 1}:").And.Contain("BPR304");
    }

    [Test]
    public void A_long_batch_streams_back_in_input_order()
    {
        const int count = 20_000;
        var batch = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            batch.Append("{\"$id\":\"p").Append(i).Append("\",\"overstride\":").Append(i % 2 == 0 ? "true" : "false")
                .Append(i % 1000 == 999 ? ",\"cadence\":\"fast\"" : "").Append("}\n");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/evaluate") { Content = new StringContent(batch.ToString(), Encoding.UTF8, "application/x-ndjson") };
        using var response = server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).Result;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().BeNull("the answer is streamed, its length unknown in advance");

        using var reader = new StreamReader(response.Content.ReadAsStream());
        int seen = 0;
        while (reader.ReadLine() is { } line)
        {
            var json = JObject.Parse(line);
            string profile = json["profile"]!.Value<string>()!;
            if (seen % 1000 == 999)
            {
                profile.Should().Be($"p{seen}", "a bad line keeps its $id as its name");
                json["diagnostics"]![0]!["code"]!.Value<string>().Should().Be("BPR303");
            }
            else
            {
                profile.Should().Be($"p{seen}");
                json["recommendations"].Should().NotBeNull();
            }
            seen++;
        }
        seen.Should().Be(count);
    }

    [Test]
    public void A_line_longer_than_the_limit_ends_the_batch_with_an_error_line_after_the_answers_so_far()
    {
        string batch = "{\"$id\":\"first\"}\n{\"$id\":\"" + new string('x', (1 << 20) + 10) + "\"}\n{\"$id\":\"never\"}\n";
        using var response = server.Post("/v1/evaluate", batch, "application/x-ndjson");
        var answers = response.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        answers.Should().HaveCount(2);
        JObject.Parse(answers[0])["profile"]!.Value<string>().Should().Be("first");
        JObject.Parse(answers[1])["error"]!.Value<string>().Should().Contain("line 2 is longer than 1048576 characters");

        using var after = server.Post("/v1/evaluate", "{}");
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
