using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using BackPainRules.Profiles;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// The evaluator of one rule set: its compiled program (SPEC §4) and the assembly of results, both
/// built once. Every way of evaluating goes through it: <see cref="Evaluate"/> for results,
/// <see cref="Start"/> when the reasoning is wanted too (explanations, rule tests, the editor's hints).
/// </summary>
internal sealed class RuleEngine
{
    public RuleEngine(RuleSetModel model)
    {
        Model = model;
        Program = new CompiledProgram(model);
        Assembly = new ResultAssembly(model, model.Recommendations.OrderBy(r => r.Priority).ThenBy(r => r.Index).ToImmutableArray());
    }

    public RuleSetModel Model { get; }

    public CompiledProgram Program { get; }

    /// <summary>Builds results from the rules' decisions.</summary>
    public ResultAssembly Assembly { get; }

    /// <summary>Evaluates a profile on this thread's reused frame: the fast path.</summary>
    public EvaluationResult Evaluate(Profile profile) => Decide(Program.Frame(profile.Values, forSecondTier: secondTier is not null), profile);

    // ---- The second tier (KnownValuesTier) ----

    /// <summary>How many profiles a rule set evaluates before its second tier is compiled (in the background).</summary>
    public const int SecondTierAfter = 2_000;

    /// <summary>
    /// The largest rule set that gets a second tier. Generating code grows with the rule set while what it saves per
    /// profile does not, and at 10,000 rules the nodes were as fast (docs/PERFORMANCE-EVALUATION.md, issue #18).
    /// </summary>
    public const int SecondTierMaxRules = 2_000;

    // Written once, by the thread that compiles it, and read by every evaluation: volatile, so it is seen whole.
    private volatile Func<EvaluationFrame, int>? secondTier;
    private int evaluationsBeforeSecondTier = SecondTierAfter;

    /// <summary>Whether the second tier is compiled and in use.</summary>
    public bool HasSecondTier => secondTier is not null;

    /// <summary>Compiles the second tier now, on this thread (for tests and benchmarks; evaluation starts it itself).</summary>
    public void CompileSecondTier() => secondTier ??= Model.Rules.Length <= SecondTierMaxRules ? KnownValuesTier.Compile(Model) : null;

    /// <summary>Counts towards compiling the second tier, and starts compiling it in the background at the count.</summary>
    private void CountTowardsSecondTier()
    {
        // A plain counter, and only for a rule set that can have the tier: threads racing on it only start the
        // compile a little earlier or later (or twice, which is harmless).
        if (Model.Rules.Length <= SecondTierMaxRules && --evaluationsBeforeSecondTier == 0)
        {
            // In the background: evaluation goes on with the nodes meanwhile, and a failure only leaves it there.
            Task.Run(() =>
            {
                try
                {
                    CompileSecondTier();
                }
                catch (Exception)
                {
                    // The nodes decide everything the tier would have; nothing is lost without it.
                }
            });
        }
    }

    /// <summary>Decides every rule, with the second tier when it can, else with the nodes; returns how many fired (in the frame's <see cref="EvaluationFrame.FiredRules"/>).</summary>
    /// <param name="frame">The profile's frame.</param>
    /// <param name="undetermined">The undetermined rules with their missing facts, in source order (null for none).</param>
    /// <param name="firedBits">The fired rules as a bit set when the second tier made one; else empty.</param>
    private int DecideAll(EvaluationFrame frame, out List<UndeterminedRule>? undetermined, out ReadOnlySpan<ulong> firedBits)
    {
        firedBits = default;
        if (secondTier is { } tier)
        {
            int firedCount = tier(frame);
            if (firedCount >= 0)
            {
                undetermined = null;
                firedBits = frame.FiredBits;
                return firedCount;
            }
            // It stopped at an unknown: the nodes decide the profile, from a clean memo.
            frame.ClearDecided();
        }
        else
        {
            CountTowardsSecondTier();
        }
        return DecideRules(frame, out undetermined);
    }

    /// <summary>Evaluates a profile on a frame of its own, which stays to be asked why.</summary>
    public ProfileEvaluation Start(Profile profile)
    {
        var frame = new EvaluationFrame(Program);
        frame.Reset(profile.Values);
        return new ProfileEvaluation(this, profile, frame, Decide(frame, profile));
    }

    /// <summary>Evaluates a profile and keeps the reasoning.</summary>
    public EvaluationExplanation Explain(Profile profile) => Explainer.Explain(Start(profile));

    /// <summary>Decides every rule in source order and assembles the result.</summary>
    private EvaluationResult Decide(EvaluationFrame frame, Profile profile)
    {
        int firedCount = DecideAll(frame, out var undetermined, out var firedBits);
        var scratch = frame.ResultScratch ??= Assembly.NewScratch();
        return Assembly.Build(scratch, profile, frame.FiredRules.AsSpan(0, firedCount), undetermined, new ProgramDecisions(Program, frame), firedBits);
    }

    /// <summary>
    /// Evaluates the profile whose slots are <paramref name="values"/> and writes its SPEC §6 JSON line (without a
    /// line end) straight into <paramref name="json"/>: the same bytes as <see cref="ResultFormatter.WriteJson"/> of
    /// <see cref="Evaluate"/>'s result, without making the result. The batch path.
    /// </summary>
    /// <param name="values">The profile's slots (read with this rule set's layout); not kept.</param>
    /// <param name="nameJson">The profile's name as a JSON string, quotes included.</param>
    /// <param name="warnings">The warnings met reading the profile.</param>
    /// <param name="json">Where the line goes.</param>
    // Hot in every batch: compiled fully optimised at once (see BatchEvaluator.PrepareInBackground).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteJson(FactValue[] values, ReadOnlySpan<byte> nameJson, ImmutableArray<Diagnostics.Diagnostic> warnings, Text.Utf8JsonBuffer json)
    {
        var frame = Program.Frame(values, forSecondTier: secondTier is not null);
        int firedCount = DecideAll(frame, out var undetermined, out var firedBits);
        var scratch = frame.ResultScratch ??= Assembly.NewScratch();
        Assembly.WriteJson(scratch, nameJson, warnings, frame.FiredRules.AsSpan(0, firedCount), undetermined, new ProgramDecisions(Program, frame), json, firedBits);
    }

    /// <summary>Decides every rule in source order: the fired ones into the frame's <see cref="EvaluationFrame.FiredRules"/> (their count returned), the undetermined ones with their missing facts.</summary>
    private int DecideRules(EvaluationFrame frame, out List<UndeterminedRule>? undetermined)
    {
        // The fired and undetermined rules go into the frame's buffers, reused from profile to profile on this thread.
        // Each rule is written to both and kept by advancing a count, not by branching on its truth: which rules
        // fire changes from profile to profile, and a branch the processor cannot predict costs more than the stores.
        var fired = frame.FiredRules;
        var unknown = frame.UnknownRules;
        var truths = frame.RuleTruth;
        var rules = Program.Rules;
        int firedCount = 0, unknownCount = 0;
        // The arrays are all one per rule; testing each length lets the compiler drop the bounds checks.
        for (int rule = 0; rule < rules.Length && rule < truths.Length && rule < fired.Length && rule < unknown.Length; rule++)
        {
            // A rule a concluded fact needed is decided already.
            byte cached = truths[rule];
            Truth truth;
            if (cached != 0)
            {
                truth = (Truth)(cached - 1);
            }
            else
            {
                truth = rules[rule].Eval(frame);
                truths[rule] = (byte)(truth + 1);
            }
            fired[firedCount] = rule;
            firedCount += truth == Truth.True ? 1 : 0;
            unknown[unknownCount] = rule;
            unknownCount += truth == Truth.Unknown ? 1 : 0;
        }
        undetermined = null;
        if (unknownCount > 0)
        {
            undetermined = new List<UndeterminedRule>(unknownCount);
            for (int i = 0; i < unknownCount; i++)
            {
                int rule = unknown[i];
                undetermined.Add(new UndeterminedRule(Model.Rules[rule].Id, Program.Missing(frame, rule)));
            }
        }
        return firedCount;
    }

    /// <summary>The result's other questions, answered by the same program on the same frame.</summary>
    private readonly struct ProgramDecisions(CompiledProgram program, EvaluationFrame frame) : IResultDecisions
    {
        public Truth Contraindicated(int recommendation) => program.Contraindicated(frame, recommendation);

        public IReadOnlyList<string> MissingOfContraindication(int recommendation) => program.MissingOfContraindication(frame, recommendation);

        public NumberState Score(int score, out Interval value) => program.ScoreValue(frame, score, out value);
    }
}
