using System.Globalization;
using System.Text;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;

namespace BackPainRules.Tests.Compilation;

/// <summary>
/// Which sub-conditions the compiler decides once and shares (issue #6): exactly those written more than
/// once as the same tree, no more (sharing two different conditions would give one of them the other's
/// answer) and no fewer (the sharing is what makes a big rule set fast to evaluate).
/// </summary>
public class SharedSubConditionTests
{
    /// <summary>n0 to n10 come first, so that their slots are 0 to 10 (see the text-key cases below).</summary>
    private const string Declarations = """
        fact n0: number
        fact n1: number
        fact n2: number
        fact n3: number
        fact n4: number
        fact n5: number
        fact n6: number
        fact n7: number
        fact n8: number
        fact n9: number
        fact n10: number
        fact a: bool
        fact b: bool
        fact n: number
        fact m: number
        fact e: one of p, q, r
        fact s: any of p, q, r
        recommendation x
        recommendation y

        """;

    private static RuleSetModel TwoRules(string first, string second) =>
        TestRules.Compile($"{Declarations}rule one: if {first} then recommend x\nrule two: if {second} then recommend y\n").Model;

    /// <summary>
    /// What the compiler shared before it found repeats by structural ids instead of text keys, measured
    /// on that code: the built-in rule set and generated ones must keep exactly that sharing.
    /// </summary>
    [Test]
    public void The_built_in_rule_set_shares_as_many_sub_conditions_as_before() =>
        new CompiledProgram(RuleSet.BuiltIn.Model).SharedCount.Should().Be(2);

    /// <summary>The first built-in rule set, frozen for the benchmarks (tests/BackPainRules.Benchmarks/Data), still shares what it did.</summary>
    [Test]
    public void The_first_built_in_rule_set_shares_as_many_sub_conditions_as_before()
    {
        var v1 = RuleSet.FromText(File.ReadAllText(Path.Combine(Repo.Root, "tests", "BackPainRules.Benchmarks", "Data", "lower-back-pain-v1.rules")), "lower-back-pain.rules");
        v1.HasErrors.Should().BeFalse();
        new CompiledProgram(v1.Model).SharedCount.Should().Be(5);
    }

    [TestCase(1, 204)]
    [TestCase(2, 221)]
    [TestCase(3, 254)]
    public void Generated_rule_sets_share_as_many_sub_conditions_as_before(int seed, int sharedBefore)
    {
        var ruleSet = RuleSet.FromText(DifferentialTests.RandomRuleSet(new Random(seed), rules: 2000), $"random{seed}.rules");
        ruleSet.HasErrors.Should().BeFalse();
        new CompiledProgram(ruleSet.Model).SharedCount.Should().Be(sharedBefore);
    }

    /// <summary>
    /// Against an independent count: every sub-condition that is not a literal, a bool fact or <c>known</c>
    /// and is written at least twice as the same tree (by a text with every part delimited, so two different
    /// trees never read alike) is shared exactly once.
    /// </summary>
    [TestCase(4)]
    [TestCase(5)]
    public void Generated_rule_sets_share_each_repeated_sub_condition_exactly_once(int seed)
    {
        var ruleSet = RuleSet.FromText(DifferentialTests.RandomRuleSet(new Random(seed), rules: 1000), $"random{seed}.rules");
        ruleSet.HasErrors.Should().BeFalse();
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in ruleSet.Model.Rules) CountRepeatable(rule.Condition, occurrences);
        int repeated = occurrences.Values.Count(count => count > 1);

        repeated.Should().BeGreaterThan(10, "the generated rules should repeat some sub-conditions");
        new CompiledProgram(ruleSet.Model).SharedCount.Should().Be(repeated);
    }

    /// <summary>The compiler's tables come from shared pools, dirty from the last compile: one compile must not leak into the next.</summary>
    [Test]
    public void Compiling_other_rule_sets_in_between_changes_nothing()
    {
        var big = RuleSet.FromText(DifferentialTests.RandomRuleSet(new Random(1), rules: 2000), "random1.rules").Model;
        var small = TwoRules("n > 3 and a", "n > 4 and a");

        int smallAlone = new CompiledProgram(small).SharedCount;
        int bigFirst = new CompiledProgram(big).SharedCount;
        int smallAfterBig = new CompiledProgram(small).SharedCount;
        int bigAgain = new CompiledProgram(big).SharedCount;

        smallAlone.Should().Be(0);
        smallAfterBig.Should().Be(0);
        bigFirst.Should().Be(204);
        bigAgain.Should().Be(204);
    }

    [TestCase("n > 3", "n > 3", 1)]
    [TestCase("n > 0.5", "n > 0.50", 1)]
    [TestCase("n + m * 2 > 3", "n + m * 2 > 3", 1)]
    [TestCase("e in (p, q)", "e in (q, p)", 1)]
    [TestCase("s has p", "s has p", 1)]
    [TestCase("e is not p", "e is not p", 2)] // the negation and the "is" under it
    [TestCase("e is p", "e is not p", 1)] // "is not" binds as a negation of the same "is"
    [TestCase("s has p", "s has not p", 1)]
    [TestCase("not (a and b)", "not (a and b)", 2)] // the negation and the "and" under it
    [TestCase("(a or b) and n > 1", "(a or b) and m > 1", 1)] // only "a or b"
    public void Equal_sub_conditions_written_twice_are_shared(string first, string second, int shared)
    {
        var model = TwoRules(first, second);
        var program = new CompiledProgram(model);

        program.SharedCount.Should().Be(shared);
    }

    [TestCase("n > 3", "n > 3")]
    [TestCase("not (a and b)", "not (a and b)")]
    public void A_rule_written_twice_compiles_to_one_node(string first, string second)
    {
        var program = new CompiledProgram(TwoRules(first, second));

        program.Rules[1].Should().BeSameAs(program.Rules[0]);
    }

    [TestCase("n > 3", "n > 4")] // a constant
    [TestCase("n > 3", "n >= 3")] // the operator
    [TestCase("n > 3", "m > 3")] // the fact
    [TestCase("n > 3", "3 < n")] // the sides: the same meaning, but not the same tree
    [TestCase("-n > 3", "n > 3")]
    [TestCase("n - m > 3", "n + m > 3")]
    [TestCase("n * 2 + 1 > 0", "n * (2 + 1) > 0")] // one chain against a chain inside a chain
    [TestCase("n + 1 + 2 > 0", "n + 12 > 0")]
    [TestCase("a and b", "b and a")]
    [TestCase("a and b", "a or b")]
    [TestCase("a and b", "a and b and a")]
    [TestCase("not (a and b)", "not (a or b)")]
    [TestCase("e is p", "e in (p, q)")]
    [TestCase("s has p", "s has q")]
    // Written out as text without delimiters, as the text keys once did, each pair reads alike: slot 10,
    // "-", 5 against slot 1, "+", 15 ("v10" "1" "5" and "v1" "0" "15"), and slot 1, "-", 203 against
    // slot 1, "-", 2, "+", 3 ("v1" "1" "203" and "v1" "1" "2" "0" "3"). They shared a node, so the
    // second rule got the first one's answer.
    [TestCase("n10 - 5 > 0", "n1 + 15 > 0")]
    [TestCase("n1 - 203 > 0", "n1 - 2 + 3 > 0")]
    public void Different_sub_conditions_are_not_shared(string first, string second)
    {
        var program = new CompiledProgram(TwoRules(first, second));

        program.SharedCount.Should().Be(0);
        program.Rules[1].Should().NotBeSameAs(program.Rules[0]);
    }

    [TestCase("n10 - 5 > 0", "n1 + 15 > 0")]
    [TestCase("n1 - 203 > 0", "n1 - 2 + 3 > 0")]
    public void Conditions_that_once_shared_a_text_key_are_decided_each_on_its_own(string first, string second)
    {
        var compiled = TestRules.Compile($"{Declarations}rule one: if {first} then recommend x\nrule two: if {second} then recommend y\n");
        var profile = compiled.ReadProfile("""{"n1": 1, "n10": 0}""").Profile!;

        var result = compiled.Evaluate(profile);

        result.Fired.Should().Equal("two");
        result.ToJson().Should().Be(ReferenceEvaluator.Evaluate(compiled, profile).ToJson());
    }

    /// <summary>Counts every sub-condition the compiler may share, keyed by a text that differs for every two different trees.</summary>
    private static void CountRepeatable(BoundCondition condition, Dictionary<string, int> occurrences)
    {
        if (condition is not (BoundLiteral or BoundFact or BoundKnown))
        {
            string key = Delimited(condition);
            occurrences[key] = occurrences.GetValueOrDefault(key) + 1;
        }
        switch (condition)
        {
            case BoundAnd and: foreach (var operand in and.Operands) CountRepeatable(operand, occurrences); break;
            case BoundOr or: foreach (var operand in or.Operands) CountRepeatable(operand, occurrences); break;
            case BoundNot not: CountRepeatable(not.Operand, occurrences); break;
        }
    }

    private static string Delimited(BoundCondition condition) => condition switch
    {
        BoundAnd and => "and[" + string.Join(";", and.Operands.Select(Delimited)) + "]",
        BoundOr or => "or[" + string.Join(";", or.Operands.Select(Delimited)) + "]",
        BoundNot not => "not[" + Delimited(not.Operand) + "]",
        BoundLiteral literal => literal.Value ? "true" : "false",
        BoundFact fact => $"fact[{fact.Fact.Index}]",
        BoundKnown known => $"known[{known.Fact.Index}]",
        BoundIn @in => $"in[{@in.Fact.Index};{@in.Values}]",
        BoundHas has => $"has[{has.Fact.Index};{has.Value}]",
        BoundComparison comparison => $"cmp[{comparison.Operator};{Delimited(comparison.Left)};{Delimited(comparison.Right)}]",
        _ => throw new ArgumentException(condition.GetType().Name),
    };

    private static string Delimited(BoundExpression expression) => expression switch
    {
        BoundNumber number => "num[" + BitConverter.DoubleToInt64Bits(number.Value).ToString(CultureInfo.InvariantCulture) + "]",
        BoundFactValue value => $"value[{value.Fact.Index}]",
        BoundNegate negate => "neg[" + Delimited(negate.Operand) + "]",
        BoundChain chain => new StringBuilder("chain[").Append(Delimited(chain.First))
            .AppendJoin("", chain.Rest.Select(link => $";{link.Operator};{Delimited(link.Operand)}")).Append(']').ToString(),
        _ => throw new ArgumentException(expression.GetType().Name),
    };
}
