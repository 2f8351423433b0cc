using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Compilation;

/// <summary>
/// Decides every rule of a profile with the compiled program (SPEC §4); <see cref="ResultAssembly"/>
/// turns the decisions into the result, exactly as for the straightforward <see cref="Evaluator"/>
/// (the differential tests hold the two to the same bytes). It is only faster.
/// </summary>
internal static class CompiledEvaluator
{
    public static EvaluationResult Run(CompiledRuleSet rules, CompiledProgram program, Profile profile)
    {
        var model = rules.Model;
        var frame = program.Frame(profile.Values);
        var fired = new List<string>();
        var undetermined = new List<UndeterminedRule>();
        var firedRules = new List<RuleSymbol>();
        for (int i = 0; i < model.Rules.Length; i++)
        {
            switch (program.RuleTruth(frame, i))
            {
                case Truth.True:
                    fired.Add(model.Rules[i].Id);
                    firedRules.Add(model.Rules[i]);
                    break;
                case Truth.Unknown:
                    undetermined.Add(new UndeterminedRule(model.Rules[i].Id, program.Missing(frame, i)));
                    break;
            }
        }

        return ResultAssembly.Build(rules, profile, firedRules, fired, undetermined);
    }

}
