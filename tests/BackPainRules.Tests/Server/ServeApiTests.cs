using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Server;

/// <summary>The JSON API of the real <c>rules serve</c> process (built-in rule set) against the real <c>rules</c> command.</summary>
[NonParallelizable]
public class ServeApiTests
{
    private ServerProcess server = null!;

    [OneTimeSetUp]
    public void StartServer() => server = ServerProcess.Start();

    [OneTimeTearDown]
    public void StopServer() => server.Dispose();

    [TestCase("examples/profiles/overstrider-tight-quads.json")]
    [TestCase("examples/profiles/pregnant-runner.json")]
    [TestCase("examples/profiles/red-flag-numbness.json")]
    [TestCase("examples/profiles/unknowns-mostly.json")]
    [TestCase("examples/profiles/startback-high-risk.json")]
    public void One_profile_gives_the_bytes_rules_eval_prints(string profile)
    {
        var cli = RulesProcess.RunBytes(Repo.Root, "eval", "--format", "json", profile);
        cli.ExitCode.Should().Be(0);

        using var response = server.Post($"/v1/evaluate?name={Uri.EscapeDataString(profile)}", File.ReadAllText(Repo.Path_(profile)));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Bytes().Should().Equal(cli.Stdout);
    }

    [Test]
    public void A_profile_without_an_id_is_named_by_the_name_parameter_or_request()
    {
        using var named = server.Post("/v1/evaluate?name=runner-9", "{\"overstride\": true}");
        named.Json()["profile"]!.Value<string>().Should().Be("runner-9");
        using var unnamed = server.Post("/v1/evaluate", "{\"overstride\": true}");
        unnamed.Json()["profile"]!.Value<string>().Should().Be("request");
    }

    [Test]
    public void Explain_and_strict_are_the_command_lines_options()
    {
        var cli = RulesProcess.RunBytes(Repo.Root, "eval", "--format", "json", "--explain", "examples/profiles/desk-worker-peloton.json");
        using var explained = server.Post("/v1/evaluate?explain=true&name=examples/profiles/desk-worker-peloton.json",
            File.ReadAllText(Repo.Path_("examples/profiles/desk-worker-peloton.json")));
        explained.Bytes().Should().Equal(cli.Stdout);

        using var strict = server.Post("/v1/evaluate?strict=true", "{\"overstrid\": true}");
        strict.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        strict.Json()["diagnostics"]![0]!["code"]!.Value<string>().Should().Be("BPR307");
    }

    [Test]
    public void A_bad_profile_is_400_with_the_diagnostics_the_command_prints()
    {
        using var folder = new TempFolder();
        string body = "{\n  \"$id\": \"runner-3\",\n  \"cadence\": 900\n}";
        var file = folder.Write("bad.json", body);
        var cli = RulesProcess.Run(Repo.Root, "eval", "--format", "json", file);
        cli.ExitCode.Should().Be(1);

        using var response = server.Post($"/v1/evaluate?name={Uri.EscapeDataString(file)}", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Text().Should().NotContain("   at ", "no stack trace");
        var diagnostic = (JObject)response.Json()["diagnostics"]!.Single();
        diagnostic["code"]!.Value<string>().Should().Be("BPR304");
        diagnostic["severity"]!.Value<string>().Should().Be("error");
        diagnostic["line"]!.Value<int>().Should().Be(3);
        diagnostic["column"]!.Value<int>().Should().Be(14);
        diagnostic["fact"]!.Value<string>().Should().Be("cadence");
        // The same diagnostic as the command's line on stderr: FILE:LINE:COL: error CODE: message.
        cli.StderrLines.Should().Contain($"{file}:3:14: error BPR304: {diagnostic["message"]!.Value<string>()}");
    }

    [TestCase("{\"overstride\": tru}", "BPR301")]
    [TestCase("[{\"overstride\": true}]", "BPR308")]
    [TestCase("", "BPR301")]
    [TestCase("{\"red_flag\": true}", "BPR309")]
    [TestCase("{\"fever\": \"yes\"}", "BPR303")]
    public void Invalid_input_is_400_with_its_code(string body, string code)
    {
        using var response = server.Post("/v1/evaluate", body);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Json()["diagnostics"]!.Select(d => d["code"]!.Value<string>()).Should().Contain(code);
    }

    [Test]
    public void Json_nested_too_deep_is_refused_with_a_diagnostic_not_a_crash()
    {
        string deep = "{\"overstride\": " + new string('[', 5000) + new string(']', 5000) + "}";
        using var response = server.Post("/v1/evaluate", deep);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var diagnostic = response.Json()["diagnostics"]![0]!;
        diagnostic["code"]!.Value<string>().Should().Be("BPR301");
        diagnostic["message"]!.Value<string>().Should().Contain("nested more than 64 levels");

        using var healthy = server.Get("/healthz");
        healthy.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public void A_body_over_the_limit_is_413_and_the_server_goes_on()
    {
        var big = "{\"$id\": \"" + new string('x', 2 << 20) + "\"}";
        // As a well-behaved client sends a large body: it waits for the server's go-ahead, so the refusal arrives before the bytes.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/evaluate") { Content = new StringContent(big, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = server.Client.Send(request);
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Json()["error"]!.Value<string>().Should().Contain("larger than 1048576 bytes");

        using var after = server.Post("/v1/evaluate", "{\"overstride\": true}");
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public void A_body_of_another_media_type_is_415()
    {
        using var response = server.Post("/v1/evaluate", "overstride=true", "application/x-www-form-urlencoded");
        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Json()["error"]!.Value<string>().Should().Contain("application/x-ndjson");
    }

    [Test]
    public void Schema_is_what_rules_schema_prints()
    {
        var cli = RulesProcess.RunBytes(Repo.Root, "schema");
        using var response = server.Get("/v1/schema");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/schema+json");
        response.Bytes().Should().Equal(cli.Stdout);
    }

    [Test]
    public void Questionnaire_is_what_rules_questionnaire_prints()
    {
        var cli = RulesProcess.RunBytes(Repo.Root, "questionnaire");
        using var response = server.Get("/v1/questionnaire");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        response.Bytes().Should().Equal(cli.Stdout);
    }

    [Test]
    public void Ruleset_names_the_files_the_version_and_the_counts()
    {
        var builtIn = RuleSet.BuiltIn;
        using var response = server.Get("/v1/ruleset");
        var json = response.Json();
        json["name"]!.Value<string>().Should().Be("lower-back-pain");
        json["version"]!.Value<string>().Should().Be(builtIn.Version).And.MatchRegex("^[0-9a-f]{64}$");
        json["files"]!.Values<string>().Should().Equal("lower-back-pain.rules");
        json["counts"]!["rules"]!.Value<int>().Should().Be(builtIn.Model.Rules.Length);
        json["counts"]!["recommendations"]!.Value<int>().Should().Be(builtIn.Model.Recommendations.Length);
        json["counts"]!["inputFacts"]!.Value<int>().Should().Be(builtIn.Model.Facts.Count(f => !f.IsConcluded));
        json["counts"]!["scores"]!.Value<int>().Should().Be(builtIn.Model.Scores.Length);
    }

    [Test]
    public void Every_response_carries_the_rule_set_version_errors_included()
    {
        string version = RuleSet.BuiltIn.Version;
        using var health = server.Get("/healthz");
        using var missing = server.Get("/no-such-thing");
        using var bad = server.Post("/v1/evaluate", "{");
        using var good = server.Post("/v1/evaluate", "{}");
        using var discovery = server.Get("/cds-services");
        foreach (var response in new[] { health, missing, bad, good, discovery }) response.Version().Should().Be(version);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Json()["error"]!.Value<string>().Should().NotBeEmpty();
        health.Json()["status"]!.Value<string>().Should().Be("ok");
    }

    [Test]
    public void The_openapi_document_describes_the_endpoints()
    {
        using var response = server.Get("/openapi/v1.json");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var paths = (JObject)response.Json()["paths"]!;
        paths.Properties().Select(p => p.Name).Should().Contain(new[]
        {
            "/v1/evaluate", "/v1/schema", "/v1/ruleset", "/v1/questionnaire", "/healthz", "/cds-services", "/cds-services/{id}",
        });
        paths["/v1/evaluate"]!["post"]!["requestBody"]!["content"]!.Children<JProperty>().Select(p => p.Name)
            .Should().Contain(new[] { "application/json", "application/x-ndjson" });
    }

    [Test]
    public void An_address_already_in_use_is_one_line_on_stderr_and_exit_1()
    {
        var second = RulesProcess.Run(Repo.Root, "serve", "--urls", server.BaseAddress.ToString().TrimEnd('/'));
        second.ExitCode.Should().Be(1);
        second.Stderr.Should().Contain("cannot listen on").And.NotContain("   at ");
    }

    [Test]
    public void By_default_the_server_listens_on_loopback_only()
    {
        // rules serve without --urls: the default address is a loopback one.
        var help = RulesProcess.Run(Repo.Root, "serve", "--help");
        help.Stdout.Should().Contain("http://127.0.0.1:5080");
    }
}
