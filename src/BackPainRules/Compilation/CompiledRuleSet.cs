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
    private CompiledRuleSet(RuleSetModel model)
    {
        Model = model;
        Layout = new ProfileLayout(model.Facts, model.Rules, model.Scores);
        Engine = new RuleEngine(model);
    }

    /// <summary>Where a profile's values sit, and how its keys find their facts.</summary>
    internal ProfileLayout Layout { get; }

    /// <summary>The evaluator, compiled once; every way of evaluating below goes through it.</summary>
    internal RuleEngine Engine { get; }

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

    /// <summary>The fact named <paramref name="name"/>, if declared.</summary>
    public FactSymbol? FindFact(string name) => Layout.FindFact(name);

    // ---- Reading profiles ----

    /// <summary>Reads one profile (a JSON object) from text. <paramref name="path"/> is used in messages and as the default name.</summary>
    public ProfileReadResult ReadProfile(string json, string path = "profile", bool strict = false) =>
        ProfileReader.ReadObject(Layout, json, path, strict);

    /// <summary>
    /// Reads every profile in a file the way <c>rules eval</c> does: a JSON object, a JSON array of
    /// objects, or NDJSON (<c>.ndjson</c>, <c>.jsonl</c>). Profiles with errors come back with their
    /// diagnostics; the others are still read. Standard input is the host's to open: pass it to
    /// <see cref="ReadNdjson"/>.
    /// </summary>
    public IEnumerable<ProfileReadResult> ReadProfiles(string path, bool strict = false) =>
        ProfileReader.ReadFile(Layout, path, strict);

    /// <summary>Reads every profile in a stream as <see cref="ReadProfiles(string, bool)"/> reads a file; <paramref name="path"/> names it and decides NDJSON by its extension.</summary>
    public IEnumerable<ProfileReadResult> ReadProfiles(Stream stream, string path, bool strict = false) =>
        ProfileReader.ReadStream(Layout, stream, path, strict);

    /// <summary>Reads NDJSON, one profile a line, named <c>NAME:LINE</c> unless a profile has an <c>$id</c>.</summary>
    public IEnumerable<ProfileReadResult> ReadNdjson(TextReader reader, string name, bool strict = false) =>
        ProfileReader.ReadNdjson(Layout, reader, name, strict);

    // ---- Evaluating ----

    /// <summary>Evaluates a profile that has been read.</summary>
    public EvaluationResult Evaluate(Profile profile) => Engine.Evaluate(OwnProfile(profile));

    /// <summary>Evaluates a profile and keeps the reasoning: each fired rule with the values it read, what would decide each undetermined rule, and the chain of rules behind each concluded fact.</summary>
    public EvaluationExplanation Explain(Profile profile) => Engine.Explain(OwnProfile(profile));

    /// <summary>
    /// "Ask next" for a profile: its unanswered input questions in the rule set's own words, the most
    /// urgent advice they could still decide first (advice already given, or blocked by an <c>unless</c>
    /// that holds, does not count). It evaluates the profile on a frame of its own, so a report that
    /// asks costs one more evaluation than one that does not.
    /// </summary>
    public IReadOnlyList<AskNextQuestion> AskNext(Profile profile) =>
        Evaluation.AskNext.Of(Engine.Start(OwnProfile(profile)));

    /// <summary>A profile's values sit in this rule set's fact slots, so one read by another rule set cannot be used.</summary>
    /// <remarks>Another compilation of the same declarations has the same slots and is accepted.</remarks>
    internal Profile OwnProfile(Profile profile) => Layout.HasSameSlots(profile.Owner)
        ? profile
        : throw new ArgumentException("The profile was read by a rule set with other facts; read it with this rule set's ReadProfile.", nameof(profile));

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
