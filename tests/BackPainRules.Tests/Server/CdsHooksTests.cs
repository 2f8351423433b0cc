using System.Net;
using BackPainRules.Fhir;
using Hl7.Fhir.Model;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.Server;

/// <summary>
/// CDS Hooks 2.0 against the real server: discovery, and <c>patient-view</c> calls built the way the
/// specification's examples are (<c>hook</c>, <c>hookInstance</c>, <c>fhirServer</c>, <c>context.userId</c> and
/// <c>patientId</c>, <c>prefetch</c>), whose cards must be those the rule set's result for the same answers implies.
/// </summary>
[NonParallelizable]
public class CdsHooksTests
{
    private const string PatientId = "1288992";
    private ServerProcess server = null!;

    [OneTimeSetUp]
    public void StartServer() => server = ServerProcess.Start();

    [OneTimeTearDown]
    public void StopServer() => server.Dispose();

    private static string QuestionnaireUrl => "urn:backpainrules:questionnaire:lower-back-pain";

    [Test]
    public void Discovery_lists_one_patient_view_service_with_a_prefetch_for_the_questionnaire_response()
    {
        using var response = server.Get("/cds-services");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var service = (JObject)response.Json()["services"]!.Single();
        service["id"]!.Value<string>().Should().Be("lower-back-pain");
        service["hook"]!.Value<string>().Should().Be("patient-view");
        service["description"]!.Value<string>().Should().NotBeNullOrEmpty();
        service["prefetch"]!["questionnaireResponse"]!.Value<string>().Should()
            .StartWith("QuestionnaireResponse?subject=Patient/{{context.patientId}}")
            .And.Contain("questionnaire=" + QuestionnaireUrl);
    }

    [TestCase("red-flag-numbness")]
    [TestCase("overstrider-tight-quads")]
    [TestCase("pregnant-runner")]
    [TestCase("unknowns-mostly")]
    public void A_patient_view_call_gets_the_cards_the_rule_set_implies(string example)
    {
        var profile = JObject.Parse(File.ReadAllText(Repo.Path_("examples", "profiles", example + ".json")));
        var expected = JObject.Parse(File.ReadAllText(Repo.Path_("examples", "profiles", example + ".expected.json")));
        var bundle = SearchSet(AnswersOf(profile, "qr-1", $"Patient/{PatientId}", "2026-01-02T10:00:00Z"));

        using var response = server.Post("/cds-services/lower-back-pain", Request(bundle));

        response.StatusCode.Should().Be(HttpStatusCode.OK, response.Text());
        var cards = response.Json()["cards"]!.Cast<JObject>().ToList();
        var expectedCards = new List<(string Summary, string Indicator)>();
        foreach (var item in expected["recommendations"]!)
        {
            expectedCards.Add((Summary(item["text"]!.Value<string>()!), item["priority"]!.Value<string>() switch
            {
                "urgent" => "critical",
                "high" => "warning",
                _ => "info",
            }));
        }
        foreach (var item in expected["avoid"]!) expectedCards.Add((Summary("Avoid: " + item["text"]!.Value<string>()), "warning"));
        var waiting = expected["withheld"]!.Where(w => w["missing"]!.Any()).ToList();
        var open = waiting.SelectMany(w => w["missing"]!.Values<string>()).Distinct().ToList();
        if (waiting.Count > 0)
        {
            expectedCards.Add(($"{waiting.Count} piece{(waiting.Count == 1 ? "" : "s")} of advice withheld until {open.Count} question{(open.Count == 1 ? " is" : "s are")} answered", "warning"));
        }
        cards.Select(c => (c["summary"]!.Value<string>()!, c["indicator"]!.Value<string>()!)).Should().Equal(expectedCards);

        foreach (var card in cards)
        {
            card["summary"]!.Value<string>()!.Length.Should().BeLessThan(140);
            card["source"]!["label"]!.Value<string>().Should().Be($"lower-back-pain rules, version {RuleSet.BuiltIn.Version[..12]}");
        }
        response.Version().Should().Be(RuleSet.BuiltIn.Version);
        if (waiting.Count > 0)
        {
            var detail = cards[^1]["detail"]!.Value<string>()!;
            foreach (var fact in open) detail.Should().Contain($"`{fact}`");
        }
    }

    [Test]
    public void A_card_detail_gives_the_because_texts_of_the_rules_behind_it()
    {
        var profile = JObject.Parse(File.ReadAllText(Repo.Path_("examples", "profiles", "red-flag-numbness.json")));
        using var response = server.Post("/cds-services/lower-back-pain", Request(AnswersOf(profile, "qr-2", $"Patient/{PatientId}", null)));
        var emergency = response.Json()["cards"]!.First(c => c["indicator"]!.Value<string>() == "critical");
        var rule = RuleSet.BuiltIn.Model.Rules.First(r => r.Recommends.Any(x => x.Name == "seek_emergency_care") && r.Because is not null);
        emergency["detail"]!.Value<string>().Should().Contain($"(rule `{rule.Id}`)");
    }

    [Test]
    public void Only_the_latest_response_about_this_patient_to_this_questionnaire_is_read()
    {
        var redFlag = new JObject { ["saddle_numbness"] = true };
        var calm = new JObject { ["saddle_numbness"] = false };
        var bundle = SearchSet(
            AnswersOf(calm, "older", $"Patient/{PatientId}", "2025-01-01T00:00:00Z"),
            AnswersOf(redFlag, "latest", $"Patient/{PatientId}", "2026-03-01T00:00:00Z"),
            AnswersOf(calm, "other-patient", "Patient/someone-else", "2027-01-01T00:00:00Z"),
            AnswersOf(calm, "other-questionnaire", $"Patient/{PatientId}", "2027-01-01T00:00:00Z", "http://example.org/Questionnaire/phq9"));

        using var response = server.Post("/cds-services/lower-back-pain", Request(bundle));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Json()["cards"]!.Select(c => c["indicator"]!.Value<string>()).Should().Contain("critical");

        using var none = server.Post("/cds-services/lower-back-pain", Request(SearchSet(AnswersOf(redFlag, "x", "Patient/someone-else", null))));
        none.StatusCode.Should().Be(HttpStatusCode.OK);
        none.Json()["cards"]!.Should().BeEmpty();
    }

    [Test]
    public void A_call_without_the_prefetch_is_412()
    {
        var request = JObject.Parse(Request(SearchSet()));
        request.Remove("prefetch");
        using var response = server.Post("/cds-services/lower-back-pain", request.ToString());
        response.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        response.Json()["error"]!.Value<string>().Should().Contain("questionnaireResponse");

        var withOutcome = JObject.Parse(Request(SearchSet()));
        withOutcome["prefetch"]!["questionnaireResponse"] = JObject.Parse(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}");
        using var outcome = server.Post("/cds-services/lower-back-pain", withOutcome.ToString());
        outcome.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public void Invalid_fhir_in_the_prefetch_is_400_with_firelys_issues()
    {
        var request = JObject.Parse(Request(SearchSet()));
        request["prefetch"]!["questionnaireResponse"] = JObject.Parse(
            "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"finished-ish\",\"item\":[{\"linkId\":\"fever\",\"answer\":[{\"valueBoolean\":\"yes\"}]}],\"bogus\":1}");
        using var response = server.Post("/cds-services/lower-back-pain", request.ToString());
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var json = response.Json();
        json["error"]!.Value<string>().Should().Contain("not a valid FHIR R4 resource");
        json["issues"]!.Should().NotBeEmpty();
        response.Text().Should().NotContain("   at ");
    }

    [Test]
    public void Answers_that_do_not_fit_their_facts_are_400_with_the_profile_diagnostics()
    {
        var response = new QuestionnaireResponse { Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed, Id = "bad" };
        response.Item.Add(Item("fever", new FhirString("yes")));
        response.Item.Add(Item("cadence", new FhirDecimal(900)));
        using var answer = server.Post("/cds-services/lower-back-pain", Request(response));
        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var json = answer.Json();
        json["profile"]!.Value<string>().Should().Be("QuestionnaireResponse/bad");
        // The profile reader stops at a profile's first error, as it does for a file.
        json["diagnostics"]!.Select(d => (d["code"]!.Value<string>(), d["fact"]!.Value<string>()))
            .Should().Equal(("BPR303", "fever"));
        json["mappedProfile"]!.Value<string>().Should().Contain("\"fever\":\"yes\"");
    }

    [TestCase("order-select", "hook")]
    [TestCase(null, "hookInstance")]
    public void A_request_that_is_no_patient_view_call_is_400(string? hook, string problem)
    {
        var request = JObject.Parse(Request(SearchSet()));
        if (hook is not null) request["hook"] = hook;
        else request.Remove("hookInstance");
        using var response = server.Post("/cds-services/lower-back-pain", request.ToString());
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Json()["error"]!.Value<string>().Should().Contain(problem);

        using var notJson = server.Post("/cds-services/lower-back-pain", "{\"hook\": ");
        notJson.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var unknown = server.Post("/cds-services/no-such-service", Request(SearchSet()));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    /// <summary>A CDS Hooks 2.0 patient-view request as the specification's examples write one.</summary>
    private static string Request(Resource prefetched) => new JObject
    {
        ["hookInstance"] = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        ["fhirServer"] = "http://hooks.example.org/fhir",
        ["hook"] = "patient-view",
        ["context"] = new JObject { ["userId"] = "Practitioner/example", ["patientId"] = PatientId },
        ["prefetch"] = new JObject { ["questionnaireResponse"] = JObject.Parse(FhirJson.Serialize(prefetched, pretty: false)) },
    }.ToString();

    private static Bundle SearchSet(params QuestionnaireResponse[] responses)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = responses.Length };
        foreach (var response in responses) bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"http://hooks.example.org/fhir/QuestionnaireResponse/{response.Id}", Resource = response });
        return bundle;
    }

    /// <summary>A profile's values as a QuestionnaireResponse: linkId = fact; numbers alternate valueInteger and valueDecimal.</summary>
    private static QuestionnaireResponse AnswersOf(JObject profile, string id, string subject, string? authored, string? questionnaire = null)
    {
        var response = new QuestionnaireResponse
        {
            Id = id,
            Questionnaire = questionnaire ?? QuestionnaireUrl,
            Status = QuestionnaireResponse.QuestionnaireResponseStatus.Completed,
            Subject = new ResourceReference(subject),
            Authored = authored,
        };
        foreach (var property in profile.Properties().Where(p => !p.Name.StartsWith('$')))
        {
            var item = new QuestionnaireResponse.ItemComponent { LinkId = property.Name };
            foreach (var value in property.Value is JArray array ? array.ToList() : new List<JToken> { property.Value })
            {
                DataType answer = value.Type switch
                {
                    JTokenType.Boolean => new FhirBoolean(value.Value<bool>()),
                    JTokenType.Integer when response.Item.Count % 2 == 0 => new Integer(value.Value<int>()),
                    JTokenType.Integer or JTokenType.Float => new FhirDecimal(value.Value<decimal>()),
                    _ => new Coding(null, value.Value<string>()),
                };
                item.Answer.Add(new QuestionnaireResponse.AnswerComponent { Value = answer });
            }
            response.Item.Add(item);
        }
        return response;
    }

    private static QuestionnaireResponse.ItemComponent Item(string linkId, DataType value) =>
        new() { LinkId = linkId, Answer = { new QuestionnaireResponse.AnswerComponent { Value = value } } };

    private static string Summary(string text) => text.Length <= 139 ? text : text[..138].TrimEnd() + "…";
}
