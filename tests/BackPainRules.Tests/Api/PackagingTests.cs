using System.Diagnostics;
using System.IO.Compression;

namespace BackPainRules.Tests.Api;

/// <summary>`dotnet pack` gives the library as a NuGet package (README and XML docs inside) and the CLI as a .NET tool.</summary>
public class PackagingTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Test]
    public void Pack_produces_the_library_package_and_the_rules_tool()
    {
        using var output = new TempFolder();
        foreach (var project in new[] { "src/BackPainRules", "src/BackPainRules.Cli" })
        {
            var start = new ProcessStartInfo("dotnet", $"pack {project} --no-build -c {Configuration} -o \"{output.Path}\"")
            {
                WorkingDirectory = Repo.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var log = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.ExitCode.Should().Be(0, log);
        }

        using (var library = ZipFile.OpenRead(Directory.GetFiles(output.Path, "BackPainRules.0*.nupkg").Single()))
        {
            library.Entries.Select(e => e.FullName).Should().Contain(new[]
            {
                "README.md", "lib/net10.0/BackPainRules.dll", "lib/net10.0/BackPainRules.xml",
            });
        }
        using var tool = ZipFile.OpenRead(Directory.GetFiles(output.Path, "BackPainRules.Cli.*.nupkg").Single());
        tool.Entries.Select(e => e.FullName).Should().Contain("tools/net10.0/any/rules.dll");
        using var settings = new StreamReader(tool.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        settings.ReadToEnd().Should().Contain("<Command Name=\"rules\" EntryPoint=\"rules.dll\"");
    }
}
