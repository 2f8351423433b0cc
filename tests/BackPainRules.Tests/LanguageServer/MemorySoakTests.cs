using BackPainRules.Tests.LanguageServer.Support;

namespace BackPainRules.Tests.LanguageServer;

/// <summary>Issue 7: under a storm of edits and requests the real server stays correct and its memory stays flat.</summary>
public class MemorySoakTests : LspTestBase
{
    private static long ResidentKilobytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        throw new InvalidOperationException("no VmRSS");
    }

    [Test]
    public async Task Memory_stays_flat_over_hundreds_of_edits_with_requests_between_them()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("reads /proc for the server's resident memory");
        string original = File.ReadAllText(Path.Combine(Repo.Examples, "lower-back-pain.rules"));
        string edited = original.Replace("rule keep_training:", "rule keep_trainin:");
        await using var client = await LspTestClient.StartProcessAsync(Folder.Path, Folder.Path);
        var uri = UriIn("lower-back-pain.rules");
        await client.OpenAndWaitAsync(uri, original);
        int pid = client.ServerProcess!.Id;

        long warm = 0;
        int lastPublished = 1;
        for (int version = 2; version <= 600; version++)
        {
            var text = version % 2 == 0 ? edited : original;
            await client.ChangeFullAsync(uri, version, text);
            await client.RequestAsync("textDocument/hover", At(uri, LspText.Position(3, 10)));
            await client.RequestAsync("textDocument/completion", At(uri, LspText.Position(140, 5)));
            if (version % 50 == 0)
            {
                // Let the debounced check of this version finish before sampling.
                var published = await client.DiagnosticsAsync(uri, version);
                published["diagnostics"]!.Should().NotBeNull();
                lastPublished = (int)published["version"]!;
            }
            if (version == 100) warm = ResidentKilobytes(pid);
        }
        long end = ResidentKilobytes(pid);

        lastPublished.Should().Be(600);
        // One analysis of this file is about a megabyte: keeping each of 500 would add hundreds of MB.
        (end - warm).Should().BeLessThan(80 * 1024, $"resident memory went from {warm / 1024} MB to {end / 1024} MB");
        await client.ShutdownAndExitAsync();
        (await client.WaitForExitAsync()).Should().Be(0);
    }
}
