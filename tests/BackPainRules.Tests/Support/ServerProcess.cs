using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace BackPainRules.Tests.Support;

/// <summary>
/// The real <c>rules serve</c> process (rules.dll beside the tests) on a free loopback port: started, waited for
/// until <c>/healthz</c> answers, and killed when disposed. Its stderr (the log) is kept for assertions.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private static readonly string RulesDll = Path.Combine(AppContext.BaseDirectory, "rules.dll");
    private readonly Process process;
    private readonly StringBuilder log = new();

    private ServerProcess(Process process, Uri baseAddress, string? token)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri BaseAddress { get; }

    /// <summary>A client for the server, sending the token if the server was started with one.</summary>
    public HttpClient Client { get; }

    /// <summary>What the server logged so far.</summary>
    public string Log
    {
        get { lock (log) return log.ToString(); }
    }

    /// <summary>Starts <c>rules serve ARGS --urls http://127.0.0.1:PORT</c> and waits until it answers.</summary>
    public static ServerProcess Start(string? token = null, params string[] args)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RulesDll);
        start.ArgumentList.Add("serve");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var server = new ServerProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"), token);
        server.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server.log) server.log.AppendLine(e.Data); };
        server.process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server.log) server.log.AppendLine(e.Data); };
        server.process.BeginErrorReadLine();
        server.process.BeginOutputReadLine();
        server.WaitUntilHealthy(token);
        return server;
    }

    private void WaitUntilHealthy(string? token)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        if (token is not null) probe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"rules serve exited with {process.ExitCode}:\n{Log}");
            try
            {
                if (probe.GetAsync("/healthz").Result.StatusCode == HttpStatusCode.OK) return;
            }
            catch (AggregateException e) when (e.InnerException is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            Thread.Sleep(100);
        }
        Dispose();
        throw new TimeoutException($"rules serve did not answer /healthz within 60 s:\n{Log}");
    }

    /// <summary>A port nothing listens on now: the system picks it for a moment's listener.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>POSTs <paramref name="body"/> with a content type.</summary>
    public HttpResponseMessage Post(string path, string body, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, new UTF8Encoding(false), contentType)).Result;

    public HttpResponseMessage Get(string path) => Client.GetAsync(path).Result;

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }
}

/// <summary>Reading a response as the tests need it.</summary>
public static class ResponseExtensions
{
    public static string Text(this HttpResponseMessage response) => response.Content.ReadAsStringAsync().Result;

    public static byte[] Bytes(this HttpResponseMessage response) => response.Content.ReadAsByteArrayAsync().Result;

    public static string Version(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RuleSet-Version", out var values) ? values.Single() : throw new AssertionException("no X-RuleSet-Version header");

    public static Newtonsoft.Json.Linq.JObject Json(this HttpResponseMessage response) => Newtonsoft.Json.Linq.JObject.Parse(response.Text());
}
