using BackPainRules.Fhir;
using BackPainRules.Semantics;
using Hl7.Fhir.Model;

namespace BackPainRules.Tests.Server;

/// <summary><c>rules questionnaire</c> writes a FHIR R4 Questionnaire that Firely reads back, strictly, and finds valid.</summary>
public class QuestionnaireTests
{
    [TestCase("")]
    [TestCase("examples/startback")]
    public void The_questionnaire_is_valid_fhir_r4_with_one_item_per_input_fact(string rulesPath)
    {
        var rules = rulesPath.Length == 0 ? Array.Empty<string>() : new[] { rulesPath };
        var args = new List<string> { "questionnaire" };
        foreach (var path in rules) args.AddRange(new[] { "--rules", path });
        var result = RulesProcess.Run(Repo.Root, args.ToArray());
        result.ExitCode.Should().Be(0, result.Stderr);

        var (resource, problems) = FhirJson.Parse(result.Stdout);
        problems.Should().BeEmpty();
        var questionnaire = resource.Should().BeOfType<Questionnaire>().Subject;
        FhirJson.Validate(questionnaire).Should().BeEmpty();

        var ruleSet = rules.Length == 0 ? RuleSet.BuiltIn : RuleSet.Load(rules.Select(r => Repo.Path_(r)).ToArray());
        questionnaire.Version.Should().Be(ruleSet.Version);
        questionnaire.Status.Should().Be(PublicationStatus.Active);
        questionnaire.Name.Should().MatchRegex("^[A-Z][A-Za-z0-9_]{0,254}$", "FHIR's computer-friendly name (que-0)");
        var inputs = ruleSet.Model.Facts.Where(f => !f.IsConcluded).ToList();
        questionnaire.Item.Select(i => i.LinkId).Should().Equal(inputs.Select(f => f.Name));
        foreach (var (item, fact) in questionnaire.Item.Zip(inputs))
        {
            item.Text.Should().Be(fact.Description ?? fact.Name);
            item.Type.Should().Be(fact.Type switch
            {
                FactType.Bool => Questionnaire.QuestionnaireItemType.Boolean,
                FactType.Number => Questionnaire.QuestionnaireItemType.Decimal,
                _ => Questionnaire.QuestionnaireItemType.Choice,
            });
            (item.Repeats ?? false).Should().Be(fact.Type == FactType.AnyOf);
            item.AnswerOption.Select(o => ((Coding)o.Value).Code).Should().Equal(fact.Values);
            if (fact.Type == FactType.Number && fact.Low is { } low)
            {
                ((FhirDecimal)item.GetExtension(QuestionnaireBuilder.MinValueExtension).Value).Value.Should().Be((decimal)low);
                ((FhirDecimal)item.GetExtension(QuestionnaireBuilder.MaxValueExtension).Value).Value.Should().Be((decimal)fact.High!.Value);
            }
            else
            {
                item.Extension.Should().BeEmpty();
            }
        }
        // The kinds the built-in set has: every mapping is exercised.
        if (rules.Length == 0)
        {
            questionnaire.Item.Should().Contain(i => i.Repeats == true);
            questionnaire.Item.Should().Contain(i => i.Extension.Count == 2);
            questionnaire.Item.Should().Contain(i => i.Type == Questionnaire.QuestionnaireItemType.Choice && i.Repeats != true);
        }
    }

    [Test]
    public void Answers_to_the_questionnaire_map_back_to_the_profile_the_rules_read()
    {
        var rules = RuleSet.BuiltIn.Compile();
        var response = new QuestionnaireResponse { Status = QuestionnaireResponse.QuestionnaireResponseStatus.InProgress };
        var group = new QuestionnaireResponse.ItemComponent { LinkId = "screening" };
        group.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "fever", Answer = { new() { Value = new FhirBoolean(false) } } });
        response.Item.Add(group);
        response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "pain_score", Answer = { new() { Value = new Integer(6) } } });
        response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "workout", Answer = { new() { Value = new Coding(null, "long_run") } } });
        response.Item.Add(new QuestionnaireResponse.ItemComponent
        {
            LinkId = "pain_during",
            Answer = { new() { Value = new Coding(null, "easy_runs") }, new() { Value = new Coding(null, "long_runs") } },
        });
        response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "weekly_km", Answer = { new() { Value = new FhirDecimal(42.5m) } } });
        response.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "saddle_numbness" });

        var (json, read) = QuestionnaireAnswers.ToProfile(response, rules, "QuestionnaireResponse/x");

        json.Should().Be("{\"$id\":\"QuestionnaireResponse/x\",\"fever\":false,\"pain_score\":6,\"workout\":\"long_run\",\"pain_during\":[\"easy_runs\",\"long_runs\"],\"weekly_km\":42.5}");
        read.Diagnostics.Should().BeEmpty();
        read.Profile.Should().NotBeNull();
        var direct = rules.Evaluate(json);
        rules.Evaluate(read.Profile!).Should().BeEquivalentTo(direct);
    }
}
