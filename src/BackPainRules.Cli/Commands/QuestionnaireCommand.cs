using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Fhir;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules questionnaire [--rules PATH]...</c>: the FHIR R4 Questionnaire of a rule set's input facts.</summary>
internal static class QuestionnaireCommand
{
    public static readonly string[] Examples =
    {
        "rules questionnaire > questionnaire.json",
        "rules questionnaire --rules examples/startback",
    };

    public static Command Create()
    {
        var rules = RulesOption.Create();
        var command = new Command("questionnaire", "Print the FHIR R4 Questionnaire that asks a rule set's input facts (linkId = fact name).") { rules };
        command.SetAction(parse =>
        {
            var paths = parse.Paths(rules);
            if (RulesOption.Load(paths) is not { } ruleSet) return ExitCodes.Problems;
            var questionnaire = QuestionnaireBuilder.Build(ruleSet.Model, RuleSetIdentity.Of(paths, ruleSet));
            Console.Out.WriteLine(FhirJson.Serialize(questionnaire, pretty: true));
            return ExitCodes.Success;
        });
        return command.WithExamples(Examples);
    }
}
