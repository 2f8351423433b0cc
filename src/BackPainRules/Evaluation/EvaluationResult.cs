using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>
/// What a rule set says about one profile. It mirrors the JSON that <c>rules eval --format json</c>
/// prints (SPEC §6), field for field and in the same order.
/// </summary>
/// <param name="Profile">The profile's name.</param>
/// <param name="Recommendations">Recommended items, urgent first, then in declaration order.</param>
/// <param name="Avoid">Items to avoid, in the same order; an item both recommended and avoided appears only here.</param>
/// <param name="Concluded">Facts concluded by rules that fired, sorted by name.</param>
/// <param name="Fired">Ids of the rules whose condition was true, in source order.</param>
/// <param name="Undetermined">Rules whose condition was unknown, in source order, with the facts that would decide them.</param>
/// <param name="Warnings">Warnings about the profile and the outcome.</param>
public sealed record EvaluationResult(
    string Profile,
    IReadOnlyList<RecommendationResult> Recommendations,
    IReadOnlyList<RecommendationResult> Avoid,
    IReadOnlyList<string> Concluded,
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

/// <summary>A rule whose condition was unknown.</summary>
/// <param name="Rule">The rule's id.</param>
/// <param name="Missing">The unknown facts that would decide it, sorted by name (may be empty).</param>
public sealed record UndeterminedRule(string Rule, IReadOnlyList<string> Missing);

/// <summary>A warning in a result.</summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">The message.</param>
public sealed record EvaluationWarning(string Code, string Message);
