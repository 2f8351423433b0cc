using BackPainRules.Diagnostics;

namespace BackPainRules.Tests.Api;

public class DocumentationTests
{
    [Test]
    public void Readme_lists_every_diagnostic_code_with_its_severity()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        foreach (var descriptor in DiagnosticCatalogue.All)
        {
            readme.Should().Contain($"| {descriptor.Code} | {descriptor.Severity.ToString().ToLowerInvariant()} | {descriptor.Title} |");
        }
    }

    [Test]
    public void Diagnostic_codes_are_unique()
    {
        DiagnosticCatalogue.All.Select(d => d.Code).Should().OnlyHaveUniqueItems();
    }
}
