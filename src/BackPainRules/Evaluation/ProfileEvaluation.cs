using System.Globalization;
using System.Numerics;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Evaluation;

/// <summary>
/// One profile evaluated, with its frame kept so it can be asked why: the truth of each rule and fact,
/// what would decide an undetermined rule, and each part of a condition traced. It asks the same
/// compiled program that produced <see cref="Result"/>, so the reasoning cannot disagree with it.
/// </summary>
internal sealed class ProfileEvaluation
{
    private readonly RuleEngine engine;
    private readonly EvaluationFrame frame;

    public ProfileEvaluation(RuleEngine engine, Profile profile, EvaluationFrame frame, EvaluationResult result)
    {
        this.engine = engine;
        this.frame = frame;
        Profile = profile;
        Result = result;
    }

    public Profile Profile { get; }

    public EvaluationResult Result { get; }

    public RuleSetModel Model => engine.Model;

    public Truth RuleTruth(RuleSymbol rule) => engine.Program.RuleTruth(frame, rule.Index);

    /// <summary>A bool fact's value: the profile's, else (for a concluded fact) what its rules decide.</summary>
    public Truth FactTruth(FactSymbol fact) => engine.Program.FactTruth(frame, fact.Index);

    /// <summary>Whether the profile gives the fact a value.</summary>
    public bool IsGiven(FactSymbol fact) => Profile[fact].IsKnown;

    /// <summary>The rules that conclude <paramref name="fact"/>, in source order.</summary>
    public IEnumerable<RuleSymbol> RulesConcluding(FactSymbol fact)
    {
        var rules = new List<RuleSymbol>();
        foreach (int rule in engine.Program.ConcludingRules(fact.Index)) rules.Add(Model.Rules[rule]);
        return rules;
    }

    /// <summary>The facts that would decide a rule; empty unless it is undetermined.</summary>
    public IReadOnlyList<string> Missing(RuleSymbol rule) =>
        RuleTruth(rule) == Truth.Unknown ? engine.Program.Missing(frame, rule.Index) : Array.Empty<string>();

    /// <summary>The rule's condition with the truth of every part and, at the atoms, the value of every fact read.</summary>
    public ConditionTrace Trace(RuleSymbol rule) => Trace(rule.Condition, rule.Source);

    /// <summary>A recommendation's <c>unless</c>, traced (it must have one).</summary>
    public ConditionTrace TraceUnless(RecommendationSymbol recommendation) => Trace(recommendation.Unless!, recommendation.Source);

    /// <summary>Whether a recommendation's <c>unless</c> holds (false when it has none).</summary>
    public Truth Contraindicated(RecommendationSymbol recommendation) => engine.Program.Contraindicated(frame, recommendation.Index);

    /// <summary>The facts that would decide a recommendation's <c>unless</c>; empty unless it is unknown.</summary>
    public IReadOnlyList<string> MissingOfUnless(RecommendationSymbol recommendation) =>
        engine.Program.MissingOfContraindication(frame, recommendation.Index);

    /// <summary>Each condition of the <c>count of</c> lists in a score's own expression, traced.</summary>
    public IReadOnlyList<ConditionTrace> TraceCounted(ScoreSymbol score) =>
        CountsIn(score.Expression).SelectMany(count => count.Conditions).Select(condition => Trace(condition, score.Source)).ToList();

    /// <summary>The facts that would narrow a score to one number, sorted by name.</summary>
    public IReadOnlyList<string> MissingOfScore(ScoreSymbol score) => engine.Program.MissingOfScore(frame, score.Index);

    private static IEnumerable<BoundCount> CountsIn(BoundExpression expression) => expression switch
    {
        BoundCount count => [count],
        BoundNegate negate => CountsIn(negate.Operand),
        BoundChain chain => CountsIn(chain.First).Concat(chain.Rest.SelectMany(link => CountsIn(link.Operand))),
        BoundNumber or BoundFactValue or BoundScoreValue or BoundExpressionError => [],
        _ => throw BoundTree.Unhandled(expression),
    };

    private ConditionTrace Trace(BoundCondition condition, Text.SourceText source) =>
        Trace(condition, ConditionCompiler.CompileForTrace(engine.Program, condition), source);

    /// <summary>
    /// Walks the condition as written beside the nodes compiled from it (one node per part, nothing
    /// shared), taking each part's truth from its node.
    /// </summary>
    private ConditionTrace Trace(BoundCondition condition, ConditionNode node, Text.SourceText source)
    {
        string text = source[condition.Syntax.Span];
        var truth = node.Eval(frame);
        // 'is not' is bound as a negation but written as one atom, so it is shown as one.
        bool shownInParts = condition is BoundAnd or BoundOr || condition is BoundNot { Syntax: NotConditionSyntax };
        if (!shownInParts)
        {
            return new ConditionTrace(text, truth, Array.Empty<ConditionTrace>(),
                BoundTree.FactsRead(condition).Distinct().Select(Read)
                    .Concat(BoundTree.ScoresRead(condition).Distinct().Select(Read)).ToList());
        }
        var parts = BoundTree.Operands(condition);
        var operands = node.Operands;
        var traces = new List<ConditionTrace>(parts.Count);
        for (int i = 0; i < parts.Count; i++) traces.Add(Trace(parts[i], operands[i], source));
        return new ConditionTrace(text, truth, traces, Array.Empty<FactReading>());
    }

    /// <summary>A score's value as a clinician reads it: <c>4</c>, <c>3..5</c> or <c>unknown</c>, with the source <c>score</c>.</summary>
    public FactReading Read(ScoreSymbol score) => new(score.Name, Result.Scores[score.Index].ValueText, "score");

    /// <summary>A fact's value as a clinician reads it.</summary>
    public FactReading Read(FactSymbol fact)
    {
        var given = Profile[fact];
        if (fact.Type == FactType.Bool)
        {
            var truth = FactTruth(fact);
            string source = given.IsKnown ? "given" : fact.IsConcluded && truth != Truth.Unknown ? "concluded" : "unknown";
            return new FactReading(fact.Name, truth switch { Truth.True => "true", Truth.False => "false", Truth.Unknown => "unknown" }, source);
        }
        if (!given.IsKnown) return new FactReading(fact.Name, "unknown", "unknown");
        string value = fact.Type switch
        {
            FactType.Number => given.Number.ToString("0.############", CultureInfo.InvariantCulture),
            FactType.OneOf => fact.Values[BitOperations.TrailingZeroCount(given.Values)],
            FactType.AnyOf => "[" + string.Join(", ", fact.Values.Where((_, i) => (given.Values & (1UL << i)) != 0)) + "]",
            FactType.Bool => throw new InvalidOperationException("bool facts are read above"),
        };
        return new FactReading(fact.Name, value, "given");
    }
}
