using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using BackPainRules.Fhir;

namespace BackPainRules.Tests.Server;

/// <summary>
/// The Questionnaire <c>rules questionnaire</c> writes, validated by Firely's validator against the FHIR R4 core
/// profile of Questionnaire (cardinality, types, value sets bound to codes, the <c>que-*</c> invariants), with the
/// specification's own StructureDefinitions.
/// </summary>
public class QuestionnaireProfileValidationTests
{
    private static readonly Lazy<Validator> validator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource()).AsAsync();
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    });

    [TestCase("")]
    [TestCase("examples/startback")]
    public void The_questionnaire_has_no_error_against_the_r4_core_profile(string rulesPath)
    {
        var args = rulesPath.Length == 0 ? new[] { "questionnaire" } : new[] { "questionnaire", "--rules", rulesPath };
        var result = RulesProcess.Run(Repo.Root, args);
        result.ExitCode.Should().Be(0, result.Stderr);
        var (resource, problems) = FhirJson.Parse(result.Stdout);
        problems.Should().BeEmpty();

        Errors(resource!).Should().BeEmpty();

        // The same questionnaire broken two ways, so a pass above means the validator looked: no status (1..1),
        // and a linkId used twice (invariant que-2).
        var broken = (Questionnaire)resource!.DeepCopy();
        broken.Status = null;
        broken.Item.Add((Questionnaire.ItemComponent)broken.Item[0].DeepCopy());
        var errors = Errors(broken);
        errors.Should().Contain(e => e.Contains("status"));
        errors.Should().Contain(e => e.Contains("que-2"));
    }

    private static List<string> Errors(Resource resource) => validator.Value.Validate(resource).Issue
        .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
        .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text}")
        .ToList();
}
