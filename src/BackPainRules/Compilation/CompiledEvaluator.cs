using BackPainRules.Evaluation;
using BackPainRules.Profiles;

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
        var frame = program.Frame(profile.Values);
        // The fired rules go into the frame's buffer, reused from profile to profile on this thread.
        var fired = frame.FiredRules;
        int firedCount = 0;
        List<UndeterminedRule>? undetermined = null;
        for (int rule = 0; rule < fired.Length; rule++)
        {
            switch (program.RuleTruth(frame, rule))
            {
                case Truth.True:
                    fired[firedCount++] = rule;
                    break;
                case Truth.Unknown:
                    (undetermined ??= new List<UndeterminedRule>()).Add(
                        new UndeterminedRule(rules.Model.Rules[rule].Id, program.Missing(frame, rule)));
                    break;
            }
        }

        var scratch = frame.ResultScratch ??= rules.Assembly.NewScratch();
        return rules.Assembly.Build(scratch, profile, fired.AsSpan(0, firedCount), undetermined);
    }
}
