using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace BackPainRules.Fhir;

/// <summary>What is wrong with a FHIR resource, as Firely's parser or validator said it, with where it is when known.</summary>
/// <param name="Message">Firely's message.</param>
/// <param name="Location">The element path (<c>QuestionnaireResponse.item[0].answer[0]</c>), when known.</param>
public sealed record FhirProblem(string Message, string? Location);

/// <summary>
/// Reading and writing FHIR R4 JSON through Firely's SDK, one configuration for the whole project: parsing is
/// strict (unknown elements, wrong types and broken cardinality are errors, not silently dropped), and a parsed
/// resource is then validated against the R4 model's own rules (required elements, value formats).
/// </summary>
public static class FhirJson
{
    // Both are thread-safe once built, and building them reflects over the whole R4 model, so build once.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
    private static readonly BaseFhirJsonSerializer Serializer = new(ModelInfo.ModelInspector);

    /// <summary>A resource from FHIR JSON text, or the problems that kept it from being one.</summary>
    public static (Resource? Resource, IReadOnlyList<FhirProblem> Problems) Parse(string json)
    {
        try
        {
            if (!Deserializer.TryDeserializeResource(json, out var resource, out var issues))
            {
                return (null, issues.Select(Describe).ToList());
            }
            var invalid = Validate(resource!);
            return invalid.Count == 0 ? (resource, invalid) : (null, invalid);
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException or System.Text.Json.JsonException)
        {
            return (null, new[] { new FhirProblem(e.Message, null) });
        }
    }

    /// <summary>What the R4 model's attributes say about a resource (cardinality, required elements, formats): none when it is valid.</summary>
    public static IReadOnlyList<FhirProblem> Validate(Base resource)
    {
        var problems = resource.Validate(ModelInfo.ModelInspector);
        return problems.Select(Describe).ToList();
    }

    /// <summary>A resource as FHIR JSON, indented for people or compact for machines.</summary>
    public static string Serialize(Base resource, bool pretty) => Serializer.SerializeToString(resource, pretty);

    private static FhirProblem Describe(CodedException issue) =>
        issue switch
        {
            CodedValidationException coded => new FhirProblem(coded.Message, coded.InstancePath),
            _ => new FhirProblem(issue.Message, null),
        };
}
