namespace BackPainRules.Tests.Architecture;

/// <summary>
/// The core library knows nothing of its hosts: the web server (ASP.NET Core) and FHIR (Firely) live in their own
/// projects, so embedding the library never drags them in.
/// </summary>
public class HostDependencyTests
{
    [Test]
    public void The_core_library_references_neither_aspnetcore_nor_firely()
    {
        var references = typeof(RuleSet).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        references.Should().NotContain(name => name.StartsWith("Hl7.Fhir", StringComparison.Ordinal));
        references.Should().NotContain("BackPainRules.Fhir").And.NotContain("BackPainRules.Server");
    }

    [Test]
    public void The_fhir_mapping_does_not_need_the_web_server()
    {
        var references = typeof(BackPainRules.Fhir.QuestionnaireBuilder).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        references.Should().Contain("BackPainRules").And.Contain("Hl7.Fhir.R4");
    }
}
