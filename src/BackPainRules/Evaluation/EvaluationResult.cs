using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>
/// What a rule set says about one profile. It mirrors the JSON that <c>rules eval --format json</c>
/// prints (SPEC §6), field for field and in the same order.
/// </summary>
/// <param name="Profile">The profile's name.</param>
/// <param name="Recommendations">Recommended items, urgent first, then in declaration order.</param>
/// <param name="Avoid">Items to avoid, in the same order; an item both recommended and avoided appears only here.</param>
/// <param name="Withheld">Items recommended but held back by their <c>unless</c> (true, or unknown: then with the facts that would decide it), in the same order.</param>
/// <param name="Concluded">Facts concluded by rules that fired, sorted by name.</param>
/// <param name="Scores">Every score of the rule set, in declaration order, with its value or bounds.</param>
/// <param name="Fired">Ids of the rules whose condition was true, in source order.</param>
/// <param name="Undetermined">Rules whose condition was unknown, in source order, with the facts that would decide them.</param>
/// <param name="Warnings">Warnings about the profile and the outcome.</param>
public sealed record EvaluationResult(
    string Profile,
    IReadOnlyList<RecommendationResult> Recommendations,
    IReadOnlyList<RecommendationResult> Avoid,
    IReadOnlyList<WithheldRecommendation> Withheld,
    IReadOnlyList<string> Concluded,
    IReadOnlyList<ScoreResult> Scores,
    IReadOnlyList<string> Fired,
    IReadOnlyList<UndeterminedRule> Undetermined,
    IReadOnlyList<EvaluationWarning> Warnings)
{
    /// <summary>The result as one compact JSON line (SPEC §6), without a line end.</summary>
    public string ToJson() => ResultFormatter.ToJson(this);

    /// <summary>The result as a short report for a clinician.</summary>
    public string ToText() => ResultFormatter.ToText(this);
}

/// <summary>One recommended or avoided item.</summary>
/// <param name="Id">The recommendation's name.</param>
/// <param name="Text">Its description, or null.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Rules">The rules behind it, in source order.</param>
public sealed record RecommendationResult(string Id, string? Text, Priority Priority, IReadOnlyList<string> Rules);

/// <summary>A recommendation held back by its <c>unless</c> (SPEC §4).</summary>
/// <param name="Id">The recommendation's name.</param>
/// <param name="Text">Its description, or null.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="Rules">The rules that recommend it, in source order.</param>
/// <param name="Missing">The facts that would decide the <c>unless</c>, sorted by name; empty when it is true.</param>
public sealed record WithheldRecommendation(string Id, string? Text, Priority Priority, IReadOnlyList<string> Rules, IReadOnlyList<string> Missing);

/// <summary>A score's value for a profile (SPEC §6).</summary>
/// <param name="Id">The score's name.</param>
/// <param name="Value">The number, when the value is known (a single number); otherwise null.</param>
/// <param name="Min">The least value it can still take; null when unbounded or when it has no value.</param>
/// <param name="Max">The greatest value it can still take; null when unbounded or when it has no value.</param>
public sealed record ScoreResult(string Id, double? Value, double? Min, double? Max)
{
    /// <summary>A score's result from its evaluated interval.</summary>
    internal static ScoreResult Of(string id, Semantics.NumberState state, Semantics.Interval value) =>
        state != Semantics.NumberState.Value
            ? new ScoreResult(id, null, null, null)
            : new ScoreResult(id, value.IsSingle ? Normal(value.Low) : null, Bound(value.Low), Bound(value.High));

    private static double? Bound(double bound) => double.IsFinite(bound) ? Normal(bound) : null;

    // -0 is written as 0.
    private static double Normal(double x) => x == 0 ? 0 : x;

    /// <summary>Whether the score has a known value.</summary>
    public bool IsKnown => Value is not null;

    /// <summary>Whether nothing bounds it: it has no value yet, or may be any number.</summary>
    public bool IsOpen => Value is null && Min is null && Max is null;

    /// <summary>The value as a clinician reads it: <c>4</c>, <c>3..5</c> (<c>-inf</c>/<c>+inf</c> for an open end) or <c>unknown</c>.</summary>
    public string ValueText => this switch
    {
        { Value: { } known } => Text.NumberText.Shortest(known),
        { IsOpen: true } => "unknown",
        _ => $"{(Min is { } min ? Text.NumberText.Shortest(min) : "-inf")}..{(Max is { } max ? Text.NumberText.Shortest(max) : "+inf")}",
    };
}

/// <summary>A rule whose condition was unknown.</summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Missing">The unknown facts that would decide it, sorted by name (may be empty).</param>
public sealed record UndeterminedRule(string Rule, IReadOnlyList<string> Missing);

/// <summary>A warning in a result.</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">The message.</param>
public sealed record EvaluationWarning(string Code, string Message);
