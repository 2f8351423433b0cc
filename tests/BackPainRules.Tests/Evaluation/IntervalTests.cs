using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Semantics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Tests.Evaluation;

/// <summary>SPEC §4: numbers with unknowns are intervals; a comparison is decided once the unknowns can no longer change it.</summary>
public class IntervalTests
{
    private const string Facts = """
        fact a: bool
        fact b: bool
        fact c: bool
        fact d: bool
        fact q: number 0..10
        fact z: number
        fact cadence: number 120..220
        fact divisor: number -1..1
        fact big: number
        recommendation r
        """;

    private static CompiledRuleSet Compile(string condition) => TestRules.Compile(Facts + $"\nrule x: if {condition} then recommend r\n");

    private static string Outcome(string condition, string profile) => TestRules.Outcome(Compile(condition).Evaluate(profile), "x");

    private static IReadOnlyList<string> Missing(string condition, string profile) => TestRules.Missing(Compile(condition).Evaluate(profile), "x");

    [TestCase("{}", "unknown")]
    [TestCase("""{"a": true}""", "unknown")]
    [TestCase("""{"a": true, "c": true}""", "true")]
    [TestCase("""{"a": false, "b": false}""", "unknown")]
    [TestCase("""{"a": false, "b": false, "d": false}""", "false")]
    public void Count_of_is_decided_once_two_are_true_or_three_are_false(string profile, string expected) =>
        Outcome("count of (a, b, c, d) >= 2", profile).Should().Be(expected);

    [Test]
    public void Count_of_lists_only_its_unknown_conditions_as_missing() =>
        Missing("count of (a, b, c, d) >= 2", """{"a": true, "b": false}""").Should().Equal("c", "d");

    [Test]
    public void An_unknown_number_fact_is_its_declared_range()
    {
        Outcome("cadence > 100", "{}").Should().Be("true");
        Outcome("cadence > 300", "{}").Should().Be("false");
        Outcome("cadence > 150", "{}").Should().Be("unknown");
        Outcome("z > 0", "{}").Should().Be("unknown", "a fact without a range can be anything");
    }

    [Test]
    public void Each_occurrence_of_a_fact_counts_on_its_own() =>
        Outcome("q - q = 0", "{}").Should().Be("unknown");

    [Test]
    public void Zero_times_anything_is_zero_and_asks_for_nothing()
    {
        Outcome("0 * z = 0", "{}").Should().Be("true");
        Outcome("0 * z + q > 20", "{}").Should().Be("false");
        Missing("0 * z + q > 5", "{}").Should().Equal("q");
    }

    [Test]
    public void A_divisor_that_may_be_zero_gives_no_value_until_it_cannot()
    {
        Outcome("q / divisor > 1", "{}").Should().Be("unknown");
        Missing("q / divisor > 1", "{}").Should().Equal("divisor", "q");
        Outcome("q / divisor > 1", """{"divisor": 0.5, "q": 1}""").Should().Be("true");
    }

    [Test]
    public void A_known_zero_divisor_gives_no_value_and_no_missing_facts()
    {
        Outcome("q / divisor > 1", """{"divisor": 0}""").Should().Be("unknown");
        Missing("q / divisor > 1", """{"divisor": 0}""").Should().BeEmpty();
    }

    [Test]
    public void Known_numbers_that_overflow_have_no_value() =>
        Missing("big * big > 1", """{"big": 1e300}""").Should().BeEmpty();

    [TestCase("q = 5", """{"q": 5}""", "true")]
    [TestCase("q = 5", "{}", "unknown")]
    [TestCase("q = 11", "{}", "false")]
    [TestCase("q != 11", "{}", "true")]
    [TestCase("q != 5", "{}", "unknown")]
    [TestCase("0.1 + 0.2 = 0.3", "{}", "true")]
    [TestCase("q <= 10", "{}", "true")]
    [TestCase("q < 10", "{}", "unknown")]
    [TestCase("q >= 0", "{}", "true")]
    [TestCase("-q <= 0", "{}", "true")]
    public void Comparisons_hold_for_every_pair_or_none(string condition, string profile, string expected) =>
        Outcome(condition, profile).Should().Be(expected);

    [Test]
    public void Interval_arithmetic_takes_the_extremes_of_the_endpoint_results()
    {
        Arithmetic.Apply(ArithmeticOperator.Multiply, new Interval(-2, 3), new Interval(4, 5), out var product).Should().Be(NumberState.Value);
        product.Should().Be(new Interval(-10, 15));
        Arithmetic.Apply(ArithmeticOperator.Divide, new Interval(1, 2), new Interval(-4, -2), out var quotient).Should().Be(NumberState.Value);
        quotient.Should().Be(new Interval(-1, -0.25));
        Arithmetic.Apply(ArithmeticOperator.Subtract, new Interval(0, 10), new Interval(0, 10), out var difference);
        difference.Should().Be(new Interval(-10, 10));
        Arithmetic.Apply(ArithmeticOperator.Multiply, Interval.Of(0), Interval.Everything, out var zero);
        zero.Should().Be(Interval.Of(0));
        Arithmetic.Apply(ArithmeticOperator.Divide, Interval.Of(1), new Interval(-1, 1), out _).Should().Be(NumberState.NoValueYet);
        Arithmetic.Apply(ArithmeticOperator.Divide, Interval.Of(1), Interval.Of(0), out _).Should().Be(NumberState.NoValueEver);
    }

    [TestCase(5, "5")]
    [TestCase(0.1, "0.1")]
    [TestCase(23.45, "23.45")]
    [TestCase(0, "0")]
    [TestCase(-0.0, "0")]
    [TestCase(0.00001, "0.00001")]
    [TestCase(-0.000012, "-0.000012")]
    [TestCase(123456789012345, "123456789012345")]
    [TestCase(0.30000000000000004, "0.30000000000000004")]
    public void Numbers_are_written_in_the_shortest_form_that_reads_back(double value, string expected)
    {
        NumberText.Shortest(value).Should().Be(expected);
        double.Parse(NumberText.Shortest(value), System.Globalization.CultureInfo.InvariantCulture).Should().Be(value == 0 ? 0 : value);
    }
}
