using System.Globalization;

namespace BackPainRules.Tests.Evaluation;

/// <summary>
/// SPEC §4: two numbers are equal when |a - b| &lt;= 1e-9 * max(1, |a|, |b|); <c>&lt;</c> is less and not equal,
/// <c>&lt;=</c> less or equal. The tolerance is absolute below 1 and relative above it, and inclusive.
/// </summary>
public class NumberEqualityTests
{
    private const string Rules = """
        fact a: number
        fact b: number
        recommendation r
        rule eq: if a = b then recommend r
        rule ne: if a != b then recommend r
        rule lt: if a < b then recommend r
        rule le: if a <= b then recommend r
        rule gt: if a > b then recommend r
        rule ge: if a >= b then recommend r
        """;

    [TestCase(0, 5e-10, true, TestName = "Equal: within the absolute tolerance near zero")]
    [TestCase(0, 1e-9, true, TestName = "Equal: on the absolute tolerance near zero")]
    [TestCase(0, 3e-9, false, TestName = "Not equal: beyond the absolute tolerance near zero")]
    [TestCase(1e12, 1e12 + 500, true, TestName = "Equal: within the relative tolerance for large numbers")]
    [TestCase(1e12, 1e12 + 2000, false, TestName = "Not equal: beyond the relative tolerance for large numbers")]
    [TestCase(-1e12, -1e12 - 500, true, TestName = "Equal: within the relative tolerance for large negative numbers")]
    [TestCase(110, 110.00000000000001, true, TestName = "Equal: 110 and 100 * 1.1 as doubles")]
    [TestCase(2, 3, false, TestName = "Not equal: plainly different")]
    public void Numbers_are_equal_within_the_spec_tolerance_and_the_orderings_follow(double a, double b, bool equal)
    {
        var profile = "{\"a\": " + a.ToString("R", CultureInfo.InvariantCulture) + ", \"b\": " + b.ToString("R", CultureInfo.InvariantCulture) + "}";
        var result = TestRules.Compile(Rules).Evaluate(profile);
        bool less = !equal && a < b;
        bool greater = !equal && a > b;
        result.Fired.Should().BeEquivalentTo(new[]
        {
            equal ? "eq" : "ne",
            less ? "lt" : null, less || equal ? "le" : null,
            greater ? "gt" : null, greater || equal ? "ge" : null,
        }.OfType<string>());
    }
}
