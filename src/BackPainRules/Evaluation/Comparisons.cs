using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>How two numbers compare, the same in every evaluator.</summary>
internal static class Comparisons
{
    /// <summary>
    /// Numbers are written as decimals but computed in binary, where 100 * 1.1 is 110.00000000000001.
    /// Values that agree to about nine significant digits are equal, so '110 >= 100 * 1.1' holds as a
    /// clinician reads it.
    /// </summary>
    public static bool Holds(double left, ComparisonOperator op, double right)
    {
        bool equal = left == right || Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right)));
        return op switch
        {
            ComparisonOperator.Less => left < right && !equal,
            ComparisonOperator.LessOrEqual => left < right || equal,
            ComparisonOperator.Greater => left > right && !equal,
            ComparisonOperator.GreaterOrEqual => left > right || equal,
            ComparisonOperator.Equal => equal,
            _ => !equal,
        };
    }
}
