using System.Text;
using System.Text.Json;
using BackPainRules.Schema;
using BackPainRules.Server.Hosting;
using BackPainRules.Server.Http;
using Microsoft.AspNetCore.Http;

namespace BackPainRules.Server.Endpoints;

/// <summary><c>GET /v1/schema</c>, <c>GET /v1/ruleset</c> and <c>GET /healthz</c>: what the server serves, and whether it is well.</summary>
internal static class RuleSetEndpoints
{
    /// <summary>The JSON Schema of a profile, as <c>rules schema</c> prints it.</summary>
    public static Task Schema(HttpContext context, ServeOptions options)
    {
        var snapshot = context.RuleSet();
        // The title rules schema gives, so the two documents are the same bytes.
        string title = options.RulePaths.Count == 0 ? "Profile for the built-in lower-back-pain rules" : $"Profile for {string.Join(", ", options.RulePaths)}";
        string schema = ProfileSchema.Generate(snapshot.RuleSet.Model, title);
        return Responses.Bytes(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(schema + "\n"), "application/schema+json; charset=utf-8");
    }

    /// <summary>The FHIR R4 Questionnaire of the rule set's input facts, as <c>rules questionnaire</c> prints it: the form whose answers the CDS service reads.</summary>
    public static Task Questionnaire(HttpContext context)
    {
        var snapshot = context.RuleSet();
        var questionnaire = Fhir.QuestionnaireBuilder.Build(snapshot.RuleSet.Model, snapshot.Identity);
        return Responses.Bytes(context, StatusCodes.Status200OK, Encoding.UTF8.GetBytes(Fhir.FhirJson.Serialize(questionnaire, pretty: true) + "\n"),
            "application/fhir+json; charset=utf-8");
    }

    /// <summary>Which rules are served: name, version, files, and how many of each kind of item.</summary>
    public static Task Describe(HttpContext context)
    {
        var snapshot = context.RuleSet();
        var model = snapshot.RuleSet.Model;
        var body = DiagnosticsJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("name", snapshot.Identity.Name);
            json.WriteString("version", snapshot.Version);
            json.WriteString("loadedAt", snapshot.LoadedAt);
            json.WriteStartArray("files");
            foreach (var file in snapshot.Files) json.WriteStringValue(file);
            json.WriteEndArray();
            json.WriteStartObject("counts");
            json.WriteNumber("inputFacts", model.Facts.Count(f => !f.IsConcluded));
            json.WriteNumber("concludedFacts", model.Facts.Count(f => f.IsConcluded));
            json.WriteNumber("scores", model.Scores.Length);
            json.WriteNumber("recommendations", model.Recommendations.Length);
            json.WriteNumber("rules", model.Rules.Length);
            json.WriteNumber("tests", model.Tests.Length);
            json.WriteEndObject();
            json.WriteEndObject();
        });
        return Responses.Bytes(context, StatusCodes.Status200OK, body);
    }

    /// <summary>
    /// Always 200 while a rule set is served (the last good one, after a refused reload): <c>status</c> is
    /// <c>ok</c>, or <c>stale</c> with the errors that kept the changed files from being served.
    /// </summary>
    public static Task Health(HttpContext context, LiveRuleSet live)
    {
        var snapshot = context.RuleSet();
        var failure = live.LastFailure;
        var body = DiagnosticsJson.Build(json =>
        {
            json.WriteStartObject();
            json.WriteString("status", failure is null ? "ok" : "stale");
            json.WriteString("version", snapshot.Version);
            json.WriteString("loadedAt", snapshot.LoadedAt);
            if (failure is not null)
            {
                json.WriteStartObject("reloadFailed");
                json.WriteString("at", failure.At);
                DiagnosticsJson.WriteDiagnostics(json, "diagnostics", failure.Errors);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        });
        return Responses.Bytes(context, StatusCodes.Status200OK, body);
    }
}
