using System.Text;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Semantics;

namespace BackPainRules.Tests;

/// <summary>
/// Golden diagnostics. Each <c>Golden/diagnostics/NAME.rules</c> (files directly in that folder; <c>lib/</c> only
/// holds files they import) has a <c>NAME.expected</c> beside it with exactly the lines <c>rules check NAME.rules</c>
/// prints when run in that folder: <see cref="Diagnostic.ToString"/>, one per line, each ending in "\n", paths
/// relative as given. The files are read from the repository (<see cref="Repo.Root"/>), not copied to the output.
///
/// To regenerate the .expected files after an intended change, run
/// <c>BPR_UPDATE_GOLDEN=1 dotnet test tests/BackPainRules.Tests --filter FullyQualifiedName~GoldenDiagnosticsTests</c>,
/// then read every changed .expected file by eye against SPEC.md before committing it: a golden file records
/// what the SPEC requires, not merely what the code happens to do.
/// </summary>
public class GoldenDiagnosticsTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "BackPainRules.Tests", "Golden", "diagnostics");

    private static bool Updating => Environment.GetEnvironmentVariable("BPR_UPDATE_GOLDEN") == "1";

    public static IEnumerable<TestCaseData> GoldenFiles() =>
        Directory.EnumerateFiles(Folder, "*.rules", SearchOption.TopDirectoryOnly)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .Select(name => new TestCaseData(name).SetName($"Golden({name})"));

    /// <summary>What <c>rules check NAME</c> prints in <see cref="Folder"/>, computed in-process.</summary>
    private static string Actual(string name)
    {
        // The loader resolves relative paths against the current directory. Rather than change the
        // process-wide current directory, map it onto the golden folder, so paths stay relative as given.
        var fileSystem = new RebasedFileSystem(Directory.GetCurrentDirectory(), Folder);
        var diagnostics = Checker.Check(new[] { new RootFile(name) }, fileSystem);
        var text = new StringBuilder();
        foreach (var diagnostic in diagnostics) text.Append(diagnostic.ToString()).Append('\n');
        return text.ToString();
    }

    [TestCaseSource(nameof(GoldenFiles))]
    public void Checker_output_matches_the_expected_file_byte_for_byte(string name)
    {
        var expectedPath = Path.Combine(Folder, Path.ChangeExtension(name, ".expected"));
        var actual = Encoding.UTF8.GetBytes(Actual(name));

        if (Updating)
        {
            File.WriteAllBytes(expectedPath, actual);
            TestContext.Out.WriteLine($"updated {expectedPath}");
        }

        File.Exists(expectedPath).Should().BeTrue($"{name} needs {Path.GetFileName(expectedPath)} (run with BPR_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllBytes(expectedPath);
        Encoding.UTF8.GetString(actual).Should().Be(Encoding.UTF8.GetString(expected), $"{name} against {Path.GetFileName(expectedPath)}");
        actual.Should().Equal(expected);
    }

    [TestCaseSource(nameof(GoldenFiles))]
    public void Rules_check_prints_the_expected_file_and_exits_by_severity(string name)
    {
        var expected = File.ReadAllText(Path.Combine(Folder, Path.ChangeExtension(name, ".expected")));

        var result = RulesProcess.Run(Folder, "check", name);

        result.Stdout.Replace("\r\n", "\n").Should().Be(expected);
        bool hasErrors = expected.Split('\n').Any(l => l.Contains(": error BPR"));
        result.ExitCode.Should().Be(hasErrors ? 1 : 0, result.Stderr);
    }

    [Test]
    public void Golden_folder_has_a_clean_file_and_at_least_six_bad_ones_each_with_an_expected_file()
    {
        var names = GoldenFiles().Select(c => (string)c.Arguments[0]!).ToList();

        names.Count(n => n.StartsWith("bad_")).Should().BeGreaterThanOrEqualTo(6);
        names.Should().Contain("clean.rules");
        File.ReadAllText(Path.Combine(Folder, "clean.expected")).Should().BeEmpty();
        foreach (var name in names)
        {
            File.Exists(Path.Combine(Folder, Path.ChangeExtension(name, ".expected"))).Should().BeTrue(name);
            var lines = File.ReadAllText(Path.Combine(Folder, Path.ChangeExtension(name, ".expected"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (name.StartsWith("bad_")) lines.Should().Contain(l => l.Contains(": error BPR"), $"{name} is a bad file");
            else lines.Should().NotContain(l => l.Contains(": error BPR"), $"{name} is not a bad file");
        }
        Directory.EnumerateFiles(Folder, "*.expected").Select(p => Path.ChangeExtension(Path.GetFileName(p), ".rules"))
            .Should().BeSubsetOf(names, "every .expected file belongs to a .rules file");
    }

    /// <summary>The real disk, with paths under one folder read from another.</summary>
    private sealed class RebasedFileSystem(string from, string to) : IFileSystem
    {
        private string Map(string fullPath)
        {
            string prefix = from.EndsWith(Path.DirectorySeparatorChar) ? from : from + Path.DirectorySeparatorChar;
            return fullPath.StartsWith(prefix, StringComparison.Ordinal) ? Path.Combine(to, fullPath[prefix.Length..]) : fullPath;
        }

        public bool FileExists(string fullPath) => File.Exists(Map(fullPath));

        public string ReadAllText(string fullPath) => File.ReadAllText(Map(fullPath));
    }
}
