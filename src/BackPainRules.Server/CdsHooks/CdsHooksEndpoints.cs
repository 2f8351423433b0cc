using System.Text.Json;
using BackPainRules.Fhir;
using BackPainRules.Server.Hosting;
using BackPainRules.Server.Http;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace BackPainRules.Server.CdsHooks;

/// <summary>
/// CDS Hooks 2.0: <c>GET /cds-services</c> (discovery) and <c>POST /cds-services/{id}</c>. The service is the
/// rule set, called at <c>patient-view</c>; it asks the EHR to prefetch the patient's QuestionnaireResponse to
/// the rule set's Questionnaire (<c>rules questionnaire</c>), evaluates its answers, and answers with cards.
/// </summary>
internal static class CdsHooksEndpoints
{
    public const string Hook = "patient-view";
    public const string PrefetchKey = "questionnaireResponse";

    public static Task Discovery(HttpContext context)
    {
        var identity = context.RuleSet().Identity;
        var body = DiagnosticsJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("services");
            json.WriteStartObject();
            json.WriteString("hook", Hook);
            json.WriteString("title", $"{identity.Name} rules");
            json.WriteString("description",
                $"Evaluates the patient's answers to the {identity.Name} questionnaire against the {identity.Name} rule set and shows its advice, what to avoid, and the questions still open.");
            json.WriteString("id", identity.Name);
            json.WriteStartObject("prefetch");
            json.WriteString(PrefetchKey, PrefetchTemplate(identity));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        });
        return Responses.Bytes(context, StatusCodes.Status200OK, body);
    }

    /// <summary>The latest response of this patient to this rule set's Questionnaire.</summary>
    public static string PrefetchTemplate(RuleSetIdentity identity) =>
        $"QuestionnaireResponse?subject=Patient/{{{{context.patientId}}}}&questionnaire={identity.QuestionnaireUrl}&_sort=-authored&_count=1";

    public static async Task Call(HttpContext context, string id, ServeOptions options)
    {
        var snapshot = context.RuleSet();
        if (id != snapshot.Identity.Name)
        {
            await Responses.Error(context, StatusCodes.Status404NotFound, $"no CDS service '{id}'; GET /cds-services lists them");
            return;
        }
        if (await RequestBody.ReadText(context, options.MaxRequestBytes) is not { } text) return;

        JsonDocument request;
        try
        {
            request = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest, $"the CDS Hooks request is not valid JSON: {e.Message}");
            return;
        }
        using (request)
        {
            var root = request.RootElement;
            if (Problem(root) is { } problem)
            {
                await Responses.Error(context, StatusCodes.Status400BadRequest, problem);
                return;
            }
            string patientId = root.GetProperty("context").GetProperty("patientId").GetString()!;
            // No prefetch: this service does not fetch from the EHR's FHIR server itself, so it cannot decide (CDS Hooks: 412).
            if (!root.TryGetProperty("prefetch", out var prefetch) || prefetch.ValueKind != JsonValueKind.Object
                || !prefetch.TryGetProperty(PrefetchKey, out var prefetched) || prefetched.ValueKind != JsonValueKind.Object)
            {
                await Responses.Error(context, StatusCodes.Status412PreconditionFailed,
                    $"prefetch '{PrefetchKey}' is missing; this service reads the QuestionnaireResponse only from the prefetch ({PrefetchTemplate(snapshot.Identity)})");
                return;
            }

            var (resource, fhirProblems) = FhirJson.Parse(prefetched.GetRawText());
            if (resource is null)
            {
                await Responses.Bytes(context, StatusCodes.Status400BadRequest, FhirProblems(fhirProblems));
                return;
            }
            if (resource is OperationOutcome)
            {
                await Responses.Error(context, StatusCodes.Status412PreconditionFailed, $"the EHR could not prefetch '{PrefetchKey}' (it sent an OperationOutcome)");
                return;
            }
            if (resource is not (QuestionnaireResponse or Bundle))
            {
                await Responses.Error(context, StatusCodes.Status400BadRequest, $"prefetch '{PrefetchKey}' is a {resource.TypeName}, not a QuestionnaireResponse or a Bundle of them");
                return;
            }

            var answers = PrefetchedAnswers.Select(resource, patientId, snapshot.Identity.QuestionnaireUrl);
            var cards = new List<CdsCard>();
            if (answers is not null)
            {
                string name = answers.Id is { Length: > 0 } responseId ? $"QuestionnaireResponse/{responseId}" : "QuestionnaireResponse";
                var (profileJson, read) = QuestionnaireAnswers.ToProfile(answers, snapshot.Compiled, name);
                if (read.Profile is not { } profile)
                {
                    // The diagnostics' line and column are in the profile the answers were mapped to, which is sent along.
                    await Responses.Bytes(context, StatusCodes.Status400BadRequest, DiagnosticsJson.Build(json =>
                    {
                        json.WriteStartObject();
                        json.WriteString("profile", read.Name);
                        DiagnosticsJson.WriteDiagnostics(json, "diagnostics", read.Diagnostics);
                        json.WriteString("mappedProfile", profileJson);
                        json.WriteEndObject();
                    }));
                    return;
                }
                cards.AddRange(CdsCards.From(snapshot.Compiled.Evaluate(profile), snapshot.RuleSet.Model));
            }
            string label = $"{snapshot.Identity.Name} rules, version {snapshot.Version[..12]}";
            await Responses.Bytes(context, StatusCodes.Status200OK, DiagnosticsJson.Build(json => CdsCards.WriteResponse(json, cards, label)));
        }
    }

    /// <summary>What makes a request no CDS Hooks call of this service, or null: it must be an object with <c>hook</c> <c>patient-view</c>, a <c>hookInstance</c>, and <c>context.patientId</c>.</summary>
    private static string? Problem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return "a CDS Hooks request is a JSON object";
        if (!root.TryGetProperty("hook", out var hook) || hook.ValueKind != JsonValueKind.String) return "'hook' is missing";
        if (hook.GetString() != Hook) return $"this service answers the '{Hook}' hook, not '{hook.GetString()}'";
        if (!root.TryGetProperty("hookInstance", out var instance) || instance.ValueKind != JsonValueKind.String) return "'hookInstance' is missing";
        if (!root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object) return "'context' is missing";
        if (!context.TryGetProperty("patientId", out var patient) || patient.ValueKind != JsonValueKind.String || patient.GetString()!.Length == 0)
        {
            return "'context.patientId' is missing";
        }
        return null;
    }

    private static byte[] FhirProblems(IReadOnlyList<FhirProblem> problems) => DiagnosticsJson.Build(json =>
    {
        json.WriteStartObject();
        json.WriteString("error", $"prefetch '{PrefetchKey}' is not a valid FHIR R4 resource");
        json.WriteStartArray("issues");
        foreach (var problem in problems)
        {
            json.WriteStartObject();
            json.WriteString("message", problem.Message);
            if (problem.Location is { } at) json.WriteString("location", at);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}
