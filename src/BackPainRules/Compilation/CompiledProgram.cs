using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;

namespace BackPainRules.Compilation;

/// <summary>
/// The flat, compiled form of a rule set: facts in slots, each rule's condition compiled to a tree of
/// small node objects (no look-ups by name, no string compares), sub-conditions written more than once
/// decided once per profile, and concluded facts decided from their rules on first use (their rules
/// come first in dependency order, because conclusion cycles are errors).
/// </summary>
internal sealed class CompiledProgram
{
    private readonly int[][] concludingRules;
    private readonly int[] nameRank;
    private readonly Comparison<int> byName;
    private readonly ThreadLocal<EvaluationFrame> frames;

    public CompiledProgram(RuleSetModel model)
    {
        FactCount = model.Facts.Length;
        Facts = model.Facts;
        concludingRules = new int[FactCount][];
        var concluding = Enumerable.Range(0, FactCount).Select(_ => new List<int>()).ToArray();
        foreach (var rule in model.Rules)
        {
            foreach (var fact in rule.Concludes) concluding[fact.Index].Add(rule.Index);
        }
        for (int i = 0; i < FactCount; i++) concludingRules[i] = concluding[i].ToArray();

        // Facts sorted by name once, so "missing" lists sort by a number instead of comparing strings.
        nameRank = new int[FactCount];
        var factsByName = model.Facts.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < factsByName.Count; i++) nameRank[factsByName[i].Index] = i;
        this.byName = (a, b) => nameRank[a].CompareTo(nameRank[b]);

        var compiler = new ConditionCompiler(this, model);
        Rules = model.Rules.Select(rule => compiler.Compile(rule.Condition)).ToArray();
        SharedCount = compiler.SharedCount;
        frames = new ThreadLocal<EvaluationFrame>(() => new EvaluationFrame(this));
    }

    public int FactCount { get; }

    public ImmutableArray<FactSymbol> Facts { get; }

    /// <summary>Each rule's compiled condition, in source order.</summary>
    public ConditionNode[] Rules { get; }

    public int SharedCount { get; }

    /// <summary>This thread's frame, reset for a new profile.</summary>
    public EvaluationFrame Frame(Profiles.FactValue[] values)
    {
        var frame = frames.Value!;
        frame.Reset(values);
        return frame;
    }

    public Truth RuleTruth(EvaluationFrame frame, int rule)
    {
        byte cached = frame.RuleTruth[rule];
        if (cached != 0) return (Truth)(cached - 1);
        var truth = Rules[rule].Eval(frame);
        frame.RuleTruth[rule] = (byte)(truth + 1);
        return truth;
    }

    /// <summary>A bool fact's truth: the profile's value, else (for a concluded fact) what its rules decide.</summary>
    public Truth FactTruth(EvaluationFrame frame, int slot)
    {
        var given = frame.Values[slot];
        if (given.IsKnown) return given.Number != 0 ? Truth.True : Truth.False;
        if (concludingRules[slot].Length == 0) return Truth.Unknown;
        byte cached = frame.ConcludedTruth[slot];
        if (cached != 0) return (Truth)(cached - 1);
        var result = Truth.False;
        foreach (int rule in concludingRules[slot])
        {
            var truth = RuleTruth(frame, rule);
            if (truth == Truth.True)
            {
                result = Truth.True;
                break;
            }
            if (truth == Truth.Unknown) result = Truth.Unknown;
        }
        frame.ConcludedTruth[slot] = (byte)(result + 1);
        return result;
    }

    /// <summary>SPEC §4: an unknown concluded fact contributes the missing facts of its undetermined rules.</summary>
    public void CollectMissingOfConcluded(EvaluationFrame frame, int slot, List<int> slots)
    {
        if (frame.Values[slot].IsKnown || FactTruth(frame, slot) != Truth.Unknown) return;
        if (concludingRules[slot].Length == 0)
        {
            slots.Add(slot);
            return;
        }
        if (frame.Visited[slot] == frame.Stamp) return;
        frame.Visited[slot] = frame.Stamp;
        foreach (int rule in concludingRules[slot])
        {
            if (RuleTruth(frame, rule) == Truth.Unknown) Rules[rule].CollectMissing(frame, slots);
        }
    }

    /// <summary>The facts that would decide an undetermined rule, sorted by name, each once.</summary>
    public List<string> Missing(EvaluationFrame frame, int rule)
    {
        frame.Stamp++;
        var slots = frame.MissingSlots;
        slots.Clear();
        Rules[rule].CollectMissing(frame, slots);
        slots.Sort(byName);
        var names = new List<string>(slots.Count);
        for (int i = 0; i < slots.Count; i++)
        {
            if (i == 0 || slots[i] != slots[i - 1]) names.Add(Facts[slots[i]].Name);
        }
        return names;
    }

    /// <summary>Compiles bound conditions into nodes, sharing every sub-condition that appears more than once.</summary>
    private sealed class ConditionCompiler
    {
        private readonly CompiledProgram program;
        private readonly Dictionary<string, int> occurrences = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ConditionNode> shared = new(StringComparer.Ordinal);

        public ConditionCompiler(CompiledProgram program, RuleSetModel model)
        {
            this.program = program;
            foreach (var rule in model.Rules) Count(rule.Condition);
        }

        public int SharedCount { get; private set; }

        private string Count(BoundCondition condition)
        {
            string key = Key(condition);
            occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
            switch (condition)
            {
                case BoundAnd a:
                    foreach (var operand in a.Operands) Count(operand);
                    break;
                case BoundOr o:
                    foreach (var operand in o.Operands) Count(operand);
                    break;
                case BoundNot n:
                    Count(n.Operand);
                    break;
            }
            return key;
        }

        public ConditionNode Compile(BoundCondition condition)
        {
            string key = Key(condition);
            if (shared.TryGetValue(key, out var existing)) return existing;
            var node = Build(condition);
            // Trivial nodes cost less to recompute than to cache.
            if (occurrences.GetValueOrDefault(key) > 1 && condition is not (BoundLiteral or BoundFact or BoundKnown))
            {
                node = new SharedNode(node, SharedCount++);
                shared[key] = node;
            }
            return node;
        }

        private ConditionNode Build(BoundCondition condition) => condition switch
        {
            BoundAnd a => new AndNode(a.Operands.Select(Compile).ToArray()),
            BoundOr o => new OrNode(o.Operands.Select(Compile).ToArray()),
            BoundNot n => new NotNode(Compile(n.Operand)),
            BoundLiteral l => new ConstantNode(l.Value),
            BoundFact f => f.Fact.IsConcluded ? new ConcludedFactNode(program, f.Fact.Index) : new GivenFactNode(f.Fact.Index),
            BoundKnown k => new KnownNode(program, k.Fact.Index, k.Fact.IsConcluded),
            BoundIn i => new ValuesNode(i.Fact.Index, i.Values),
            BoundHas h => new ValuesNode(h.Fact.Index, 1UL << h.Value),
            BoundComparison c => new ComparisonNode(Number(c.Left), c.Operator, Number(c.Right),
                BoundTree.FactsRead(c).Select(f => f.Index).Distinct().ToArray()),
            _ => throw new InvalidOperationException($"Cannot compile {condition.GetType().Name}; the rule set should have had errors."),
        };

        private static NumberNode Number(BoundExpression expression) => expression switch
        {
            BoundNumber n => new ConstantNumberNode(n.Value),
            BoundFactValue f => new FactNumberNode(f.Fact.Index),
            BoundNegate n => new NegateNumberNode(Number(n.Operand)),
            BoundChain c => new ChainNumberNode(Number(c.First), c.Rest.Select(l => l.Operator).ToArray(), c.Rest.Select(l => Number(l.Operand)).ToArray()),
            _ => throw new InvalidOperationException($"Cannot compile {expression.GetType().Name}; the rule set should have had errors."),
        };

        /// <summary>A canonical text of a condition: two conditions with the same key mean the same thing.</summary>
        private static string Key(BoundCondition condition)
        {
            var text = new StringBuilder();
            Write(condition, text);
            return text.ToString();
        }

        private static void Write(BoundCondition condition, StringBuilder text)
        {
            switch (condition)
            {
                case BoundAnd a:
                    text.Append("and(");
                    foreach (var operand in a.Operands) { Write(operand, text); text.Append(','); }
                    text.Append(')');
                    break;
                case BoundOr o:
                    text.Append("or(");
                    foreach (var operand in o.Operands) { Write(operand, text); text.Append(','); }
                    text.Append(')');
                    break;
                case BoundNot n:
                    text.Append("not(");
                    Write(n.Operand, text);
                    text.Append(')');
                    break;
                case BoundLiteral l: text.Append(l.Value ? "T" : "F"); break;
                case BoundFact f: text.Append('f').Append(f.Fact.Index); break;
                case BoundKnown k: text.Append('k').Append(k.Fact.Index); break;
                case BoundIn i: text.Append("in").Append(i.Fact.Index).Append(':').Append(i.Values); break;
                case BoundHas h: text.Append("has").Append(h.Fact.Index).Append(':').Append(h.Value); break;
                case BoundComparison c:
                    text.Append("cmp").Append((int)c.Operator).Append('(');
                    Write(c.Left, text);
                    text.Append(',');
                    Write(c.Right, text);
                    text.Append(')');
                    break;
                default: text.Append('?'); break;
            }
        }

        private static void Write(BoundExpression expression, StringBuilder text)
        {
            switch (expression)
            {
                case BoundNumber n: text.Append(n.Value.ToString("R", CultureInfo.InvariantCulture)); break;
                case BoundFactValue f: text.Append('v').Append(f.Fact.Index); break;
                case BoundNegate n:
                    text.Append("neg(");
                    Write(n.Operand, text);
                    text.Append(')');
                    break;
                case BoundChain c:
                    text.Append("ch(");
                    Write(c.First, text);
                    foreach (var (op, operand) in c.Rest)
                    {
                        text.Append((int)op);
                        Write(operand, text);
                    }
                    text.Append(')');
                    break;
                default: text.Append('?'); break;
            }
        }
    }
}
