using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>
/// The one definition of what each arithmetic and comparison operator means. The evaluator and the
/// checker's constant folding both call it. The switches name every operator and have no default arm
/// (the build treats a missing enum case as an error, see Directory.Build.props), so a new operator
/// fails to compile here until it is given a meaning, instead of falling through to another one.
/// </summary>
public static class Arithmetic
{
    /// <summary>
    /// One step of arithmetic. False for a division by zero, which has no value: the language treats it
    /// as unknown (SPEC §4).
    /// </summary>
    public static bool TryApply(ArithmeticOperator op, double left, double right, out double value)
    {
        value = op switch
        {
            ArithmeticOperator.Add => left + right,
            ArithmeticOperator.Subtract => left - right,
            ArithmeticOperator.Multiply => left * right,
            ArithmeticOperator.Divide => left / right,
        };
        return op != ArithmeticOperator.Divide || right != 0;
    }

    /// <summary>One step of arithmetic, or null for a division by zero.</summary>
    public static double? Apply(ArithmeticOperator op, double left, double right) =>
        TryApply(op, left, right, out double value) ? value : null;

    /// <summary>
    /// Whether <c>left op right</c> holds. Numbers are written as decimals but computed in binary,
    /// where 100 * 1.1 is 110.00000000000001, so values that agree to about nine significant digits
    /// are equal and '110 >= 100 * 1.1' holds as a clinician reads it.
    /// </summary>
    public static bool Compare(double left, ComparisonOperator op, double right)
    {
        bool equal = left == right || Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right)));
        return op switch
        {
            ComparisonOperator.Less => left < right && !equal,
            ComparisonOperator.LessOrEqual => left < right || equal,
            ComparisonOperator.Greater => left > right && !equal,
            ComparisonOperator.GreaterOrEqual => left > right || equal,
            ComparisonOperator.Equal => equal,
            ComparisonOperator.NotEqual => !equal,
        };
    }
}
