using System.Collections.Frozen;
using System.Collections.Immutable;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Compilation;

/// <summary>
/// A rule set ready to evaluate: compiled once from an error-free <see cref="RuleSetModel"/>, then
/// evaluated against any number of profiles. It is immutable, so one instance may be shared by
/// every thread of an application.
/// </summary>
public sealed class CompiledRuleSet
{
    private readonly FrozenDictionary<string, FactSymbol> factsByName;

    private CompiledRuleSet(RuleSetModel model)
    {
        Model = model;
        factsByName = model.Facts.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        var concluding = model.Facts.Select(_ => new List<RuleSymbol>()).ToArray();
        foreach (var rule in model.Rules)
        {
            foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule);
        }
        RulesConcluding = concluding.Select(l => l.ToImmutableArray()).ToImmutableArray();
        RecommendationOrder = model.Recommendations.OrderBy(r => r.Priority).ThenBy(r => r.Index).ToImmutableArray();
        program = new CompiledProgram(model);
        Assembly = new ResultAssembly(model, RecommendationOrder);
    }

    /// <summary>Builds results from the rules' decisions, shared by both evaluators.</summary>
    internal ResultAssembly Assembly { get; }

    private readonly CompiledProgram program;

    /// <summary>Recommendations in the order results list them: priority, then declaration.</summary>
    internal ImmutableArray<RecommendationSymbol> RecommendationOrder { get; }

    /// <summary>Compiles a bound model. Throws <see cref="InvalidOperationException"/> if the model has errors: check <see cref="RuleSetModel.HasErrors"/> first.</summary>
    public static CompiledRuleSet Compile(RuleSetModel model)
    {
        if (model.HasErrors)
        {
            throw new InvalidOperationException(
                "A rule set with errors cannot be compiled:" + Environment.NewLine +
                string.Join(Environment.NewLine, model.Diagnostics.Where(d => d.IsError)));
        }
        return new CompiledRuleSet(model);
    }

    /// <summary>The bound model this was compiled from.</summary>
    public RuleSetModel Model { get; }

    /// <summary>Facts in slot order.</summary>
    public ImmutableArray<FactSymbol> Facts => Model.Facts;

    /// <summary>For each fact slot, the rules that conclude it, in source order.</summary>
    internal ImmutableArray<ImmutableArray<RuleSymbol>> RulesConcluding { get; }

    /// <summary>The fact named <paramref name="name"/>, if declared.</summary>
    public FactSymbol? FindFact(string name) => factsByName.GetValueOrDefault(name);

    /// <summary>The fact named by <paramref name="name"/>, found without making a string.</summary>
    internal FactSymbol? FindFact(ReadOnlySpan<char> name) =>
        factsByName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var fact) ? fact : null;

    // ---- Reading profiles ----

    /// <summary>Reads one profile (a JSON object) from text. <paramref name="path"/> is used in messages and as the default name.</summary>
    public ProfileReadResult ReadProfile(string json, string path = "profile", bool strict = false) =>
        ProfileReader.ReadObject(this, json, path, strict);

    /// <summary>
    /// Reads every profile in a file the way <c>rules eval</c> does: a JSON object, a JSON array of
    /// objects, or NDJSON (<c>.ndjson</c>, <c>.jsonl</c>). Profiles with errors come back with their
    /// diagnostics; the others are still read.
    /// </summary>
    public IEnumerable<ProfileReadResult> ReadProfiles(string path, bool strict = false) =>
        ProfileReader.ReadFile(this, path, strict);

    /// <summary>Reads every profile in a stream as <see cref="ReadProfiles(string, bool)"/> reads a file; <paramref name="path"/> names it and decides NDJSON by its extension.</summary>
    public IEnumerable<ProfileReadResult> ReadProfiles(Stream stream, string path, bool strict = false) =>
        ProfileReader.ReadStream(this, stream, path, strict);

    /// <summary>Reads NDJSON, one profile a line, named <c>NAME:LINE</c> unless a profile has an <c>$id</c>.</summary>
    public IEnumerable<ProfileReadResult> ReadNdjson(TextReader reader, string name, bool strict = false) =>
        ProfileReader.ReadNdjson(this, reader, name, strict);

    // ---- Evaluating ----

    /// <summary>Evaluates a profile that has been read.</summary>
    public EvaluationResult Evaluate(Profile profile) => CompiledEvaluator.Run(this, program, OwnProfile(profile));

    /// <summary>The straightforward evaluator (a walk over the bound model): the reference the compiled one is tested against.</summary>
    internal EvaluationResult EvaluateByReference(Profile profile) => new Evaluator(this, OwnProfile(profile)).Run();


    /// <summary>Evaluates a profile and keeps the reasoning: each fired rule with the values it read, what would decide each undetermined rule, and the chain of rules behind each concluded fact.</summary>
    public EvaluationExplanation Explain(Profile profile) => Explainer.Explain(this, OwnProfile(profile));

    /// <summary>A profile's values sit in this rule set's fact slots, so one read by another rule set cannot be used.</summary>
    /// <remarks>Another compilation of the same declarations has the same slots and is accepted.</remarks>
    private Profile OwnProfile(Profile profile) => ReferenceEquals(profile.Owner, this) || SameSlots((CompiledRuleSet)profile.Owner)
        ? profile
        : throw new ArgumentException("The profile was read by a rule set with other facts; read it with this rule set's ReadProfile.", nameof(profile));

    private bool SameSlots(CompiledRuleSet other) =>
        other.Facts.Length == Facts.Length &&
        Facts.Zip(other.Facts).All(pair => pair.First.Name == pair.Second.Name && pair.First.Type == pair.Second.Type &&
                                           pair.First.Values.SequenceEqual(pair.Second.Values));

    /// <summary>Evaluates a profile given as JSON text. Throws <see cref="ProfileException"/> when the profile has errors.</summary>
    public EvaluationResult Evaluate(string json, string name = "profile") => Evaluate(OrThrow(ReadProfile(json, name)));

    /// <summary>Evaluates a profile read from a stream of UTF-8 JSON. Throws <see cref="ProfileException"/> when the profile has errors.</summary>
    public EvaluationResult Evaluate(Stream json, string name = "profile")
    {
        using var reader = new StreamReader(json, leaveOpen: true);
        return Evaluate(reader.ReadToEnd(), name);
    }

    /// <summary>Evaluates a profile given as a Newtonsoft <see cref="JObject"/>. Throws <see cref="ProfileException"/> when the profile has errors.</summary>
    public EvaluationResult Evaluate(JObject profile, string name = "profile") =>
        Evaluate(profile.ToString(Newtonsoft.Json.Formatting.None), name);

    /// <summary>
    /// Evaluates a profile given as a dictionary from fact names to values: <see cref="bool"/>, any
    /// number type, a <see cref="string"/> enum value, a sequence of strings for an <c>any of</c> fact,
    /// or null for unknown. Throws <see cref="ProfileException"/> when the profile has errors.
    /// </summary>
    public EvaluationResult Evaluate(IReadOnlyDictionary<string, object?> profile, string name = "profile") =>
        Evaluate(JObject.FromObject(profile), name);

    private static Profile OrThrow(ProfileReadResult read) => read.Profile ?? throw new ProfileException(read.Diagnostics);
}
