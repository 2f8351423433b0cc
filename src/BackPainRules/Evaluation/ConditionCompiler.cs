using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using BackPainRules.Semantics;

namespace BackPainRules.Evaluation;

/// <summary>
/// Compiles bound conditions into nodes, sharing every sub-condition that appears more than once.
/// Repeats are found by structural interning: every distinct sub-condition and number expression gets
/// a small integer id from its kind, its own fields and its children's ids, worked out bottom-up once
/// per node (<see cref="ShapeTable"/>). Two sub-conditions get the same id exactly when they are the
/// same tree, and finding out costs one hash look-up of a few ints per node rather than writing out the
/// whole subtree as text (which made compiling quadratic in depth and allocated a string per node).
/// The tables it works with are big (several arrays of one int per node) and needed only while it
/// compiles, so they are rented from the shared array pools and given back after the last rule:
/// allocating them afresh put megabytes on the large-object heap per compile and set off full
/// collections.
/// </summary>
internal sealed class ConditionCompiler
{
    private readonly CompiledProgram program;
    private readonly ShapeTable shapes;

    /// <summary>
    /// Every condition <see cref="Intern"/> visited, with its id, in the order <see cref="CompileNode"/>
    /// visits them (rule by rule, depth first, operands in order), so that it reads each id instead of
    /// working it out again, and without a look-up: it only steps through this list.
    /// </summary>
    private Visit[] visits;
    private int visitCount;

    /// <summary>The visit <see cref="CompileNode"/> comes to next.</summary>
    private int nextVisit;

    /// <summary>By id: how many times that sub-condition is written in the rules (0 for number expressions).</summary>
    private int[] occurrences;

    /// <summary>By id: the shared node of a sub-condition written more than once, once it is compiled.</summary>
    private ConditionNode?[] shared;



    /// <summary>How an operand is compiled: <see cref="CompileNode"/> (sharing repeats) or <see cref="CompileUnshared"/>.</summary>
    private readonly Func<BoundCondition, ConditionNode> compileOperand;

    public ConditionCompiler(CompiledProgram program, RuleSetModel model)
    {
        this.program = program;
        compileOperand = CompileNode;
        // Sized up front, so each table is rented once: there are at most as many ids as nodes.
        int conditions = 0, expressions = 0;
        foreach (var rule in model.Rules) CountNodes(rule.Condition, ref conditions, ref expressions);
        foreach (var score in model.Scores) CountNodes(score.Expression, ref conditions, ref expressions);
        foreach (var unless in Contraindications(model)) CountNodes(unless, ref conditions, ref expressions);
        shapes = new ShapeTable(conditions + expressions);
        occurrences = ArrayPool<int>.Shared.Rent(conditions + expressions);
        Array.Clear(occurrences, 0, conditions + expressions);
        visits = ArrayPool<Visit>.Shared.Rent(conditions);
        // Everything is interned in the order the program compiles it: rules, then scores, then contraindications.
        foreach (var rule in model.Rules) Intern(rule.Condition);
        foreach (var score in model.Scores) InternExpression(score.Expression);
        foreach (var unless in Contraindications(model)) Intern(unless);
        shared = ArrayPool<ConditionNode?>.Shared.Rent(shapes.Count);
        Array.Clear(shared, 0, shapes.Count);
    }

    /// <summary>A compiler that shares nothing, for <see cref="CompileForTrace"/>.</summary>
    private ConditionCompiler(CompiledProgram program)
    {
        this.program = program;
        compileOperand = CompileUnshared;
        shapes = new ShapeTable(0);
        shapes.Return();
        occurrences = [];
        visits = [];
        shared = [];
    }

    /// <summary>
    /// A condition compiled on its own, with no sub-condition shared: the same nodes the program runs,
    /// one per part as written, so an explanation can show the truth of each part of this very rule
    /// (a shared node stands for the first place its sub-condition is written, maybe in another rule).
    /// </summary>
    public static ConditionNode CompileForTrace(CompiledProgram program, BoundCondition condition) =>
        new ConditionCompiler(program).CompileUnshared(condition);

    private ConditionNode CompileUnshared(BoundCondition condition) => Build(condition);

    public int SharedCount { get; private set; }

    /// <summary>The <c>unless</c> conditions of the recommendations that have one, in declaration order.</summary>
    public static IEnumerable<BoundCondition> Contraindications(RuleSetModel model) =>
        model.Recommendations.Select(r => r.Unless).OfType<BoundCondition>();

    /// <summary>The first int of every shape, so nodes of different kinds never share an id.</summary>
    private enum ShapeKind
    {
        Literal, Fact, Known, KnownScore, In, Has, Comparison, Not, And, Or,
        Number, FactValue, ScoreValue, Count, Negate, Chain,
    }

    private static void CountNodes(BoundCondition condition, ref int conditions, ref int expressions)
    {
        conditions++;
        switch (condition)
        {
            case BoundAnd a:
                foreach (var operand in a.Operands) CountNodes(operand, ref conditions, ref expressions);
                break;
            case BoundOr o:
                foreach (var operand in o.Operands) CountNodes(operand, ref conditions, ref expressions);
                break;
            case BoundNot n:
                CountNodes(n.Operand, ref conditions, ref expressions);
                break;
            case BoundComparison c:
                CountNodes(c.Left, ref conditions, ref expressions);
                CountNodes(c.Right, ref conditions, ref expressions);
                break;
        }
    }

    private static void CountNodes(BoundExpression expression, ref int conditions, ref int expressions)
    {
        expressions++;
        switch (expression)
        {
            case BoundNegate n:
                CountNodes(n.Operand, ref conditions, ref expressions);
                break;
            case BoundChain c:
                CountNodes(c.First, ref conditions, ref expressions);
                foreach (var (_, operand) in c.Rest) CountNodes(operand, ref conditions, ref expressions);
                break;
            case BoundCount count:
                foreach (var condition in count.Conditions) CountNodes(condition, ref conditions, ref expressions);
                break;
        }
    }

    /// <summary>A condition as <see cref="Intern"/> met it: its id, and the index in <see cref="visits"/> just past its subtree.</summary>
    private readonly record struct Visit(BoundCondition Condition, int Id, int SubtreeEnd);

    /// <summary>Interns a condition and everything under it, counting each sub-condition once per place it is written.</summary>
    private int Intern(BoundCondition condition)
    {
        int visit = visitCount++;
        // Each shape is the kind, then fixed-size fields for that kind, then children's ids; an and/or
        // has any number of operands, and the shape's length tells them apart.
        int shape;
        switch (condition)
        {
            case BoundAnd a:
                shape = shapes.Begin((int)ShapeKind.And);
                foreach (var operand in a.Operands) shapes.Add(Intern(operand));
                break;
            case BoundOr o:
                shape = shapes.Begin((int)ShapeKind.Or);
                foreach (var operand in o.Operands) shapes.Add(Intern(operand));
                break;
            case BoundNot n:
                shape = shapes.Begin((int)ShapeKind.Not);
                shapes.Add(Intern(n.Operand));
                break;
            case BoundLiteral l:
                shape = shapes.Begin((int)ShapeKind.Literal);
                shapes.Add(l.Value ? 1 : 0);
                break;
            case BoundFact f:
                shape = shapes.Begin((int)ShapeKind.Fact);
                shapes.Add(f.Fact.Index);
                break;
            case BoundKnown k:
                shape = shapes.Begin((int)ShapeKind.Known);
                shapes.Add(k.Fact.Index);
                break;
            case BoundKnownScore k:
                shape = shapes.Begin((int)ShapeKind.KnownScore);
                shapes.Add(k.Score.Index);
                break;
            case BoundIn i:
                shape = shapes.Begin((int)ShapeKind.In);
                shapes.Add(i.Fact.Index);
                shapes.Add(unchecked((long)i.Values));
                break;
            case BoundHas h:
                shape = shapes.Begin((int)ShapeKind.Has);
                shapes.Add(h.Fact.Index);
                shapes.Add(h.Value);
                break;
            case BoundComparison c:
                shape = shapes.Begin((int)ShapeKind.Comparison);
                shapes.Add((int)c.Operator);
                shapes.Add(InternExpression(c.Left));
                shapes.Add(InternExpression(c.Right));
                break;
            default:
                throw CannotCompile(condition.GetType());
        }
        int id = shapes.End(shape);
        occurrences[id]++;
        visits[visit] = new Visit(condition, id, visitCount);
        return id;
    }

    private int InternExpression(BoundExpression expression)
    {
        int shape;
        switch (expression)
        {
            case BoundNumber n:
                // Numbers are the same when their bits are: equal bits certainly evaluate alike, and it is
                // what the old text keys compared, since round-trip ("R") text is equal exactly when the
                // bits are for every double but NaN, and a number literal is never NaN. (Comparing values
                // would only add 0 = -0, and a literal is never -0 either: "-0" binds as a negation of 0.)
                shape = shapes.Begin((int)ShapeKind.Number);
                shapes.Add(BitConverter.DoubleToInt64Bits(n.Value));
                break;
            case BoundFactValue f:
                shape = shapes.Begin((int)ShapeKind.FactValue);
                shapes.Add(f.Fact.Index);
                break;
            case BoundScoreValue v:
                shape = shapes.Begin((int)ShapeKind.ScoreValue);
                shapes.Add(v.Score.Index);
                break;
            case BoundCount count:
                shape = shapes.Begin((int)ShapeKind.Count);
                foreach (var condition in count.Conditions) shapes.Add(Intern(condition));
                break;
            case BoundNegate n:
                shape = shapes.Begin((int)ShapeKind.Negate);
                shapes.Add(InternExpression(n.Operand));
                break;
            case BoundChain c:
                // A chain stays flat: the first operand's id, then an operator and an operand's id per link.
                shape = shapes.Begin((int)ShapeKind.Chain);
                shapes.Add(InternExpression(c.First));
                foreach (var (op, operand) in c.Rest)
                {
                    shapes.Add((int)op);
                    shapes.Add(InternExpression(operand));
                }
                break;
            default:
                throw CannotCompile(expression.GetType());
        }
        return shapes.End(shape);
    }

    /// <summary>
    /// Compiles a condition, sharing sub-conditions written more than once. Conditions and score
    /// expressions must come in the order the constructor interned them: every rule's condition, then
    /// every score's expression, then every <c>unless</c>; then <see cref="Finish"/>.
    /// </summary>
    public ConditionNode Compile(BoundCondition condition) => CompileNode(condition);

    /// <summary>Compiles a score's expression (see <see cref="Compile"/> for the order).</summary>
    public NumberNode CompileScore(BoundExpression expression) => Number(expression);

    /// <summary>After the last condition: gives the tables back to the pools.</summary>
    public void Finish()
    {
        if (nextVisit != visitCount) throw new InvalidOperationException("Not every condition interned was compiled.");
        ReturnTables();
    }

    /// <summary>Gives the tables back to the pools, emptied of nodes so the pool does not keep them alive.</summary>
    private void ReturnTables()
    {
        shapes.Return();
        ArrayPool<int>.Shared.Return(occurrences);
        ArrayPool<Visit>.Shared.Return(visits, clearArray: true);
        ArrayPool<ConditionNode?>.Shared.Return(shared, clearArray: true);
        occurrences = [];
        visits = [];
        shared = [];
        visitCount = nextVisit = 0;
    }

    private ConditionNode CompileNode(BoundCondition condition)
    {
        var visit = nextVisit < visitCount ? visits[nextVisit] : default;
        if (!ReferenceEquals(visit.Condition, condition))
        {
            throw new InvalidOperationException("Conditions must be compiled in the order they were counted: rule by rule, operands in order.");
        }
        int id = visit.Id;
        if (shared[id] is { } existing)
        {
            // Its subtree was compiled with it, the first time: skip the subtree's visits.
            nextVisit = visit.SubtreeEnd;
            return existing;
        }
        nextVisit++;
        var node = Build(condition);
        // Trivial nodes cost less to recompute than to cache.
        if (occurrences[id] > 1 && condition is not (BoundLiteral or BoundFact or BoundKnown or BoundKnownScore))
        {
            node = new SharedNode(node, SharedCount++);
            shared[id] = node;
        }
        return node;
    }

    private ConditionNode Build(BoundCondition condition) => condition switch
    {
        BoundAnd a => And(CompileAll(a.Operands)),
        BoundOr o => Or(CompileAll(o.Operands)),
        BoundNot n => new NotNode(compileOperand(n.Operand)),
        BoundLiteral l => new ConstantNode(l.Value),
        BoundFact f => f.Fact.IsConcluded ? new ConcludedFactNode(program, f.Fact.Index) : new GivenFactNode(f.Fact.Index),
        BoundKnown k => new KnownNode(program, k.Fact.Index, k.Fact.IsConcluded),
        BoundKnownScore k => new KnownScoreNode(program, k.Score.Index),
        BoundIn i => new ValuesNode(i.Fact.Index, i.Values),
        BoundHas h => new ValuesNode(h.Fact.Index, 1UL << h.Value),
        BoundComparison c => Comparison(c),
        _ => throw CannotCompile(condition.GetType()),
    };

    // Two operands, the commonest case, get a node without a loop.
    private static ConditionNode And(ConditionNode[] operands) => operands is [var left, var right] ? new AndOfTwoNode(left, right) : new AndNode(operands);

    private static ConditionNode Or(ConditionNode[] operands) => operands is [var left, var right] ? new OrOfTwoNode(left, right) : new OrNode(operands);

    /// <summary>A number fact against a number gets a node of its own per operator; any other comparison the general one.</summary>
    private ConditionNode Comparison(BoundComparison comparison)
    {
        var left = Number(comparison.Left);
        var right = Number(comparison.Right);
        return (comparison.Left, comparison.Right) switch
        {
            (BoundFactValue, BoundNumber number) => FactComparison(comparison.Operator, (FactNumberNode)left, number.Value, left, right),
            // 8 <= x is x >= 8: the tolerant comparison is symmetric, so turning it round decides alike.
            (BoundNumber number, BoundFactValue) => FactComparison(Reversed(comparison.Operator), (FactNumberNode)right, number.Value, left, right),
            _ => new ComparisonNode(left, comparison.Operator, right),
        };
    }

    private static ConditionNode FactComparison(Syntax.ComparisonOperator op, FactNumberNode fact, double constant, NumberNode left, NumberNode right) => op switch
    {
        Syntax.ComparisonOperator.Less => new FactComparisonNode<LessOperator>(fact.Slot, fact.Range, constant, left, right),
        Syntax.ComparisonOperator.LessOrEqual => new FactComparisonNode<LessOrEqualOperator>(fact.Slot, fact.Range, constant, left, right),
        Syntax.ComparisonOperator.Greater => new FactComparisonNode<GreaterOperator>(fact.Slot, fact.Range, constant, left, right),
        Syntax.ComparisonOperator.GreaterOrEqual => new FactComparisonNode<GreaterOrEqualOperator>(fact.Slot, fact.Range, constant, left, right),
        Syntax.ComparisonOperator.Equal => new FactComparisonNode<EqualOperator>(fact.Slot, fact.Range, constant, left, right),
        Syntax.ComparisonOperator.NotEqual => new FactComparisonNode<NotEqualOperator>(fact.Slot, fact.Range, constant, left, right),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "not a comparison operator"),
    };

    private static Syntax.ComparisonOperator Reversed(Syntax.ComparisonOperator op) => op switch
    {
        Syntax.ComparisonOperator.Less => Syntax.ComparisonOperator.Greater,
        Syntax.ComparisonOperator.LessOrEqual => Syntax.ComparisonOperator.GreaterOrEqual,
        Syntax.ComparisonOperator.Greater => Syntax.ComparisonOperator.Less,
        Syntax.ComparisonOperator.GreaterOrEqual => Syntax.ComparisonOperator.LessOrEqual,
        _ => op,
    };

    private ConditionNode[] CompileAll(ImmutableArray<BoundCondition> operands)
    {
        var nodes = new ConditionNode[operands.Length];
        for (int i = 0; i < nodes.Length; i++) nodes[i] = compileOperand(operands[i]);
        return nodes;
    }

    /// <summary>Compiles a numeric expression; the conditions inside <c>count of</c> are compiled (and shared) like any other.</summary>
    private NumberNode Number(BoundExpression expression)
    {
        switch (expression)
        {
            case BoundNumber n: return new ConstantNumberNode(n.Value);
            case BoundFactValue f:
                // While unknown, a number fact is its declared range (SPEC §4).
                var range = f.Fact.Low is { } low && f.Fact.High is { } high ? new Interval(low, high) : Interval.Everything;
                return new FactNumberNode(f.Fact.Index, range);
            case BoundScoreValue v: return new ScoreNumberNode(program, v.Score.Index);
            case BoundCount count: return new CountNode(CompileAll(count.Conditions));
            case BoundNegate n: return new NegateNumberNode(Number(n.Operand));
            case BoundChain c:
                var operators = new Syntax.ArithmeticOperator[c.Rest.Length];
                var operands = new NumberNode[c.Rest.Length];
                var first = Number(c.First);
                for (int i = 0; i < operands.Length; i++)
                {
                    operators[i] = c.Rest[i].Operator;
                    operands[i] = Number(c.Rest[i].Operand);
                }
                return new ChainNumberNode(first, operators, operands);
            default: throw CannotCompile(expression.GetType());
        }
    }

    private static InvalidOperationException CannotCompile(Type boundType) =>
        new($"Cannot compile {boundType.Name}; the rule set should have had errors.");

    /// <summary>
    /// Gives each distinct shape (a run of ints: a node's kind, its own fields, its children's ids) a
    /// small id, counting up from 0. A hand-written open-addressing table over flat int arrays rather
    /// than a <see cref="Dictionary{TKey, TValue}"/>: a shape of any length is one entry, stored without
    /// an allocation of its own, and compiling 10,000 rules interns about 90,000 of them.
    /// </summary>
    private sealed class ShapeTable
    {
        /// <summary>Shapes being written, innermost last: a node's children are interned while its own shape is half written.</summary>
        private int[] pending = new int[64];
        private int pendingLength;

        /// <summary>Every interned shape, back to back; shape <c>id</c> runs from <c>starts[id]</c> to <c>starts[id + 1]</c>.</summary>
        private int[] words;
        private int[] starts;
        private int[] hashes;

        /// <summary>Open addressing with linear probing: <c>id + 1</c> of the shape in each slot, 0 for none; at most half full.</summary>
        private int[] slots;

        /// <summary>How many of <see cref="slots"/> are in use: a power of two, whatever length the pool's array has.</summary>
        private int slotCount;

        /// <summary>A table with room for <paramref name="capacity"/> shapes before it has to grow; its arrays come from the shared pool until <see cref="Return"/>.</summary>
        public ShapeTable(int capacity)
        {
            capacity = Math.Max(capacity, 16);
            hashes = ArrayPool<int>.Shared.Rent(capacity);
            starts = ArrayPool<int>.Shared.Rent(capacity + 1);
            starts[0] = 0;
            // Most shapes are a kind and one to three more ints.
            words = ArrayPool<int>.Shared.Rent(capacity * 3);
            slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2);
            slots = ArrayPool<int>.Shared.Rent(slotCount);
            Array.Clear(slots, 0, slotCount);
        }

        /// <summary>Gives the arrays back to the pool; the table is not used after.</summary>
        public void Return()
        {
            ArrayPool<int>.Shared.Return(hashes);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(words);
            ArrayPool<int>.Shared.Return(slots);
            hashes = starts = words = slots = [];
        }

        /// <summary>Swaps <paramref name="array"/> for a pooled one of at least <paramref name="length"/> with the same first <paramref name="used"/> ints.</summary>
        private static void Grow(ref int[] array, int length, int used)
        {
            var bigger = ArrayPool<int>.Shared.Rent(length);
            Array.Copy(array, bigger, used);
            ArrayPool<int>.Shared.Return(array);
            array = bigger;
        }

        public int Count { get; private set; }

        /// <summary>Starts a shape; returns where it starts, for <see cref="End"/>.</summary>
        public int Begin(int kind)
        {
            int start = pendingLength;
            Add(kind);
            return start;
        }

        public void Add(int word)
        {
            if (pendingLength == pending.Length) Array.Resize(ref pending, pending.Length * 2);
            pending[pendingLength++] = word;
        }

        public void Add(long word)
        {
            Add((int)word);
            Add((int)(word >> 32));
        }

        /// <summary>Ends the shape begun at <paramref name="start"/>: its id, the one it already had if it has been seen.</summary>
        public int End(int start)
        {
            var shape = pending.AsSpan(start, pendingLength - start);
            var hasher = new HashCode();
            foreach (int word in shape) hasher.Add(word);
            int hash = hasher.ToHashCode();

            int mask = slotCount - 1;
            int slot = hash & mask;
            for (; slots[slot] != 0; slot = (slot + 1) & mask)
            {
                int seen = slots[slot] - 1;
                if (hashes[seen] == hash && words.AsSpan(starts[seen], starts[seen + 1] - starts[seen]).SequenceEqual(shape))
                {
                    pendingLength = start;
                    return seen;
                }
            }

            int id = Count++;
            // Growing is only for more shapes than the capacity promised.
            if (Count == hashes.Length)
            {
                Grow(ref hashes, hashes.Length * 2, Count);
                Grow(ref starts, hashes.Length + 1, Count);
            }
            int end = starts[id] + shape.Length;
            if (end > words.Length) Grow(ref words, Math.Max(words.Length * 2, end), starts[id]);
            shape.CopyTo(words.AsSpan(starts[id]));
            starts[id + 1] = end;
            hashes[id] = hash;
            slots[slot] = id + 1;
            if (Count * 2 > slotCount) Rehash();
            pendingLength = start;
            return id;
        }

        private void Rehash()
        {
            ArrayPool<int>.Shared.Return(slots);
            slotCount *= 2;
            slots = ArrayPool<int>.Shared.Rent(slotCount);
            Array.Clear(slots, 0, slotCount);
            int mask = slotCount - 1;
            for (int id = 0; id < Count; id++)
            {
                int slot = hashes[id] & mask;
                while (slots[slot] != 0) slot = (slot + 1) & mask;
                slots[slot] = id + 1;
            }
        }
    }
}
