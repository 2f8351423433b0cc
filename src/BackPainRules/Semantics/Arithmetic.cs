using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>
/// A number known only to lie between two bounds, both included (SPEC §4): a known number is
/// <c>x..x</c>, an unknown number fact its declared range (or the whole line), <c>count of</c>
/// <c>t..t+u</c>. Bounds may be infinite.
/// </summary>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>Every number.</summary>
    public static readonly Interval Everything = new(double.NegativeInfinity, double.PositiveInfinity);

    /// <summary>The single number <paramref name="value"/>.</summary>
    public static Interval Of(double value) => new(value, value);

    /// <summary>Whether the interval is one number, that is, the value is known.</summary>
    public bool IsSingle => Low == High;

    /// <summary>Whether both bounds are finite.</summary>
    public bool IsFinite => double.IsFinite(Low) && double.IsFinite(High);
}

/// <summary>Whether a numeric expression has a value (SPEC §4).</summary>
public enum NumberState : byte
{
    /// <summary>It has a value: an interval, a single number once everything it reads is known.</summary>
    Value,
    /// <summary>No value yet: a divisor may be 0, or a bound overflows; more facts may give it one.</summary>
    NoValueYet,
    /// <summary>No value, whatever more facts say: a division by a known 0, or known numbers that overflow.</summary>
    NoValueEver,
}

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

    /// <summary>
    /// One step of interval arithmetic (SPEC §4): the least and greatest of the endpoint results
    /// (<c>0 * inf = 0</c>). A divisor whose interval holds 0 gives no value (for good when it is 0
    /// itself); so does a result that overflows to an infinity from finite operands.
    /// </summary>
    public static NumberState Apply(ArithmeticOperator op, Interval left, Interval right, out Interval value)
    {
        if (left.IsSingle && right.IsSingle)
        {
            // The common case, every fact known: plain arithmetic.
            bool defined = TryApply(op, left.Low, right.Low, out double single);
            value = Interval.Of(single);
            return !defined || !double.IsFinite(single) ? NumberState.NoValueEver : NumberState.Value;
        }
        switch (op)
        {
            case ArithmeticOperator.Add:
                value = new Interval(left.Low + right.Low, left.High + right.High);
                break;
            case ArithmeticOperator.Subtract:
                value = new Interval(left.Low - right.High, left.High - right.Low);
                break;
            case ArithmeticOperator.Multiply:
                value = Hull(Times(left.Low, right.Low), Times(left.Low, right.High), Times(left.High, right.Low), Times(left.High, right.High));
                break;
            case ArithmeticOperator.Divide:
                if (right.Low <= 0 && right.High >= 0)
                {
                    value = default;
                    return right.IsSingle ? NumberState.NoValueEver : NumberState.NoValueYet;
                }
                value = Hull(left.Low / right.Low, left.Low / right.High, left.High / right.Low, left.High / right.High);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "not an arithmetic operator");
        }
        if (double.IsNaN(value.Low) || double.IsNaN(value.High)) return NumberState.NoValueYet;
        // An infinite bound is fine when an operand had one; from finite operands it is an overflow.
        return left.IsFinite && right.IsFinite && !value.IsFinite ? NumberState.NoValueYet : NumberState.Value;
    }

    /// <summary>Unary minus.</summary>
    public static Interval Negate(Interval operand) => new(-operand.High, -operand.Low);

    // 0 * inf is 0 here (SPEC §4): a factor that is surely 0 makes the product 0 whatever the other is.
    private static double Times(double x, double y) => x == 0 || y == 0 ? 0 : x * y;

    private static Interval Hull(double a, double b, double c, double d) =>
        new(Math.Min(Math.Min(a, b), Math.Min(c, d)), Math.Max(Math.Max(a, b), Math.Max(c, d)));

    /// <summary>
    /// A comparison of two intervals (SPEC §4): true when it holds for every pair of values from them,
    /// false when it holds for none, null (unknown) otherwise; <c>=</c> is true only between two equal
    /// single numbers.
    /// </summary>
    public static bool? Compare(Interval left, ComparisonOperator op, Interval right)
    {
        if (left.IsSingle && right.IsSingle) return Compare(left.Low, op, right.Low);
        switch (op)
        {
            case ComparisonOperator.Less or ComparisonOperator.LessOrEqual:
                // Holds for every pair when it holds for the largest left and the smallest right; for none when not even for the smallest left and the largest right.
                return Compare(left.High, op, right.Low) ? true : !Compare(left.Low, op, right.High) ? false : null;
            case ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual:
                return Compare(left.Low, op, right.High) ? true : !Compare(left.High, op, right.Low) ? false : null;
            case ComparisonOperator.Equal:
                return Apart(left, right) ? false : null;
            case ComparisonOperator.NotEqual:
                return Apart(left, right) ? true : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "not a comparison operator");
        }
    }

    /// <summary>Whether no value of one interval equals any value of the other.</summary>
    private static bool Apart(Interval left, Interval right) =>
        Compare(left.High, ComparisonOperator.Less, right.Low) || Compare(left.Low, ComparisonOperator.Greater, right.High);

    /// <summary>One step of arithmetic, or null for a division by zero.</summary>
    public static double? Apply(ArithmeticOperator op, double left, double right) =>
        TryApply(op, left, right, out double value) ? value : null;

    /// <summary>
    /// Whether <c>left op right</c> holds. Numbers are written as decimals but computed in binary,
    /// where 100 * 1.1 is 110.00000000000001, so values that agree to about nine significant digits
    /// are equal and '110 >= 100 * 1.1' holds as a clinician reads it.
    /// </summary>
    // Inlined, so that where the operator is a constant (FactComparisonNode) the switch goes away.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool Compare(double left, ComparisonOperator op, double right)
    {
        // The tolerance is for finite numbers; an infinite bound equals only itself.
        bool equal = left == right || (double.IsFinite(left) && double.IsFinite(right) &&
                                       Math.Abs(left - right) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(left), Math.Abs(right))));
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
