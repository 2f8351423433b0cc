using System.Net;
using System.Net.Http.Headers;

namespace BackPainRules.Tests.Server;

/// <summary><c>--token-file</c>: every request needs the bearer token.</summary>
[NonParallelizable]
public class ServeTokenTests
{
    private const string Token = "s3cret-token-for-tests";
    private TempFolder folder = null!;
    private ServerProcess server = null!;

    [OneTimeSetUp]
    public void StartServer()
    {
        folder = new TempFolder();
        var tokenFile = folder.Write("token", Token + "\n");
        server = ServerProcess.Start(Token, "--token-file", tokenFile);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        server.Dispose();
        folder.Dispose();
    }

    [TestCase(null)]
    [TestCase("Bearer wrong")]
    [TestCase("Bearer s3cret-token-for-test")]
    [TestCase("Bearer s3cret-token-for-tests-and-more")]
    [TestCase("Basic czNjcmV0LXRva2VuLWZvci10ZXN0cw==")]
    [TestCase("s3cret-token-for-tests")]
    public void A_request_without_the_token_is_401(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var path in new[] { "/healthz", "/v1/ruleset", "/cds-services", "/openapi/v1.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = client.Send(request);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
            response.Text().Should().Contain("Authorization: Bearer");
        }
        using var evaluate = client.PostAsync("/v1/evaluate", new StringContent("{}")).Result;
        evaluate.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public void A_request_with_the_token_is_answered()
    {
        using var health = server.Get("/healthz");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        using var evaluate = server.Post("/v1/evaluate", "{\"overstride\": true}");
        evaluate.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public void A_missing_or_empty_token_file_stops_the_command_with_exit_1()
    {
        var missing = RulesProcess.Run(Repo.Root, "serve", "--token-file", Path.Combine(folder.Path, "nope"), "--urls", "http://127.0.0.1:1");
        missing.ExitCode.Should().Be(1);
        missing.Stderr.Should().Contain("cannot read the token file");
        var empty = RulesProcess.Run(Repo.Root, "serve", "--token-file", folder.Write("empty", "\n"), "--urls", "http://127.0.0.1:1");
        empty.ExitCode.Should().Be(1);
        empty.Stderr.Should().Contain("is empty");
    }
}
