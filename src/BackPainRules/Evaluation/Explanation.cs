using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>The value of one fact as a rule read it: <c>true</c>, <c>152</c>, <c>intervals</c>, <c>[easy_runs, long_runs]</c> or <c>unknown</c>.</summary>
/// <param name="Fact">The fact's name.</param>
/// <param name="Value">Its value as text.</param>
/// <param name="Source"><c>given</c> (by the profile), <c>concluded</c> (by rules) or <c>unknown</c>.</param>
public sealed record FactReading(string Fact, string Value, string Source);

/// <summary>A condition as written, its truth, and either its parts or (for an atom) the facts it read.</summary>
public sealed record ConditionTrace(string Text, Truth Truth, IReadOnlyList<ConditionTrace> Parts, IReadOnlyList<FactReading> Facts);

/// <summary>Why one rule fired, did not, or is undetermined.</summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Truth">True (fired), false, or unknown (undetermined).</param>
/// <param name="Because">The rule's <c>because</c>, or null.</param>
/// <param name="Condition">The condition, traced.</param>
/// <param name="Missing">For an undetermined rule, the facts that would decide it.</param>
public sealed record RuleExplanation(string Rule, Truth Truth, string? Because, ConditionTrace Condition, IReadOnlyList<string> Missing);

/// <summary>How a concluded fact came to be true: the fired rules that concluded it, and how their own concluded facts came to be.</summary>
/// <param name="Fact">The concluded fact.</param>
/// <param name="Rules">The fired rules concluding it, in source order.</param>
public sealed record ConclusionChain(string Fact, IReadOnlyList<ConclusionStep> Rules);

/// <summary>One rule in a <see cref="ConclusionChain"/> and the chains of the concluded facts its condition read as true.</summary>
public sealed record ConclusionStep(string Rule, string? Because, IReadOnlyList<ConclusionChain> From);

/// <summary>A score's value and how it came about.</summary>
/// <param name="Score">The score's result: its value or the range it can still take.</param>
/// <param name="Expression">The score's expression as written.</param>
/// <param name="Counted">Each condition of the expression's <c>count of</c> lists, traced: a true one counts, an unknown one may.</param>
/// <param name="Missing">The facts that would narrow the score to one number, sorted by name (empty when it is known).</param>
public sealed record ScoreExplanation(ScoreResult Score, string Expression, IReadOnlyList<ConditionTrace> Counted, IReadOnlyList<string> Missing);

/// <summary>Why a recommendation was withheld: its contraindication, traced, and what would decide it.</summary>
/// <param name="Recommendation">The recommendation's id.</param>
/// <param name="Unless">Its <c>unless</c> condition, traced: true (contraindicated) or unknown.</param>
/// <param name="Missing">The facts that would decide the condition, sorted by name.</param>
public sealed record WithheldExplanation(string Recommendation, ConditionTrace Unless, IReadOnlyList<string> Missing);

/// <summary>An evaluation result with the reasoning behind it, for <c>rules eval --explain</c> and the editor.</summary>
/// <param name="Result">The result itself.</param>
/// <param name="Fired">Each fired rule with the values it read, in source order.</param>
/// <param name="Undetermined">Each undetermined rule with what would decide it, in source order.</param>
/// <param name="Concluded">For each concluded fact (sorted by name), the chain of rules behind it.</param>
/// <param name="Withheld">For each withheld recommendation (in the result's order), its contraindication traced.</param>
/// <param name="Scores">For each score (declaration order), its value and what was counted.</param>
/// <param name="NotConcluded">For each bool concluded fact that is false, the rules concluding it, each false (sorted by fact name).</param>
/// <param name="AskNext">The unanswered input questions, most urgent advice first (<see cref="Evaluation.AskNext"/>).</param>
public sealed record EvaluationExplanation(
    EvaluationResult Result,
    IReadOnlyList<RuleExplanation> Fired,
    IReadOnlyList<RuleExplanation> Undetermined,
    IReadOnlyList<ConclusionChain> Concluded,
    IReadOnlyList<WithheldExplanation> Withheld,
    IReadOnlyList<ScoreExplanation> Scores,
    IReadOnlyList<FalseConclusion> NotConcluded,
    IReadOnlyList<AskNextQuestion> AskNext);

/// <summary>Why a concluded fact is false: none of the rules concluding it fired.</summary>
/// <param name="Fact">The concluded fact.</param>
/// <param name="Rules">The rules concluding it, each with its false condition traced, in source order.</param>
public sealed record FalseConclusion(string Fact, IReadOnlyList<RuleExplanation> Rules);

/// <summary>Builds explanations from an evaluation.</summary>
internal static class Explainer
{
    public static RuleExplanation Explain(ProfileEvaluation evaluation, RuleSymbol rule) =>
        new(rule.Id, evaluation.RuleTruth(rule), rule.Because, evaluation.Trace(rule), evaluation.Missing(rule));

    public static EvaluationExplanation Explain(ProfileEvaluation evaluation)
    {
        var rules = evaluation.Model.Rules;
        var fired = rules.Where(r => evaluation.RuleTruth(r) == Truth.True).Select(r => Explain(evaluation, r)).ToList();
        var undetermined = rules.Where(r => evaluation.RuleTruth(r) == Truth.Unknown).Select(r => Explain(evaluation, r)).ToList();
        var concluded = evaluation.Result.Concluded
            .Select(name => Chain(evaluation, (FactSymbol)evaluation.Model.Lookup(name)!, new HashSet<FactSymbol>()))
            .ToList();
        var withheld = evaluation.Result.Withheld
            .Select(item => (RecommendationSymbol)evaluation.Model.Lookup(item.Id)!)
            .Select(r => new WithheldExplanation(r.Name, evaluation.TraceUnless(r), evaluation.MissingOfUnless(r)))
            .ToList();
        var scores = evaluation.Model.Scores
            .Select(score => new ScoreExplanation(evaluation.Result.Scores[score.Index], score.ExpressionText,
                evaluation.TraceCounted(score), evaluation.MissingOfScore(score)))
            .ToList();
        var notConcluded = evaluation.Model.Facts
            .Where(f => f.IsConcluded && evaluation.FactTruth(f) == Truth.False)
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new FalseConclusion(f.Name, evaluation.RulesConcluding(f).Select(r => Explain(evaluation, r)).ToList()))
            .ToList();
        return new EvaluationExplanation(evaluation.Result, fired, undetermined, concluded, withheld, scores, notConcluded,
            Evaluation.AskNext.Of(evaluation));
    }

    private static ConclusionChain Chain(ProfileEvaluation evaluation, FactSymbol fact, HashSet<FactSymbol> seen)
    {
        seen.Add(fact);
        var steps = evaluation.RulesConcluding(fact)
            .Where(r => evaluation.RuleTruth(r) == Truth.True)
            .Select(r => new ConclusionStep(r.Id, r.Because,
                BoundTree.FactsRead(r.Condition).Distinct()
                    .Where(f => f.IsConcluded && !seen.Contains(f) && evaluation.FactTruth(f) == Truth.True && !evaluation.IsGiven(f))
                    .Select(f => Chain(evaluation, f, seen)).ToList()))
            .ToList();
        return new ConclusionChain(fact.Name, steps);
    }
}
