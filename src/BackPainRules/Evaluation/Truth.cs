namespace BackPainRules.Evaluation;

/// <summary>Kleene's three truth values.</summary>
public enum Truth : byte
{
    /// <summary>False.</summary>
    False,
    /// <summary>True.</summary>
    True,
    /// <summary>Not known from the profile.</summary>
    Unknown,
}

/// <summary>
/// The one definition of <c>and</c>, <c>or</c> and <c>not</c> (SPEC §4, Kleene's strong three-valued
/// logic). Every way of evaluating a condition combines its parts through these.
/// </summary>
internal static class Kleene
{
    /// <summary>A two-valued fact as a truth.</summary>
    public static Truth Of(bool value) => value ? Truth.True : Truth.False;

    /// <summary><c>not</c>: swaps true and false; unknown stays unknown.</summary>
    public static Truth Not(Truth operand) => operand switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        Truth.Unknown => Truth.Unknown,
    };

    /// <summary>
    /// <c>and</c>: false if either side is false (whatever the other is), else unknown if either is
    /// unknown, else true. Once it is false no operand can change it, so evaluation stops there.
    /// </summary>
    public static Truth And(Truth left, Truth right) =>
        left == Truth.False || right == Truth.False ? Truth.False
        : left == Truth.Unknown || right == Truth.Unknown ? Truth.Unknown
        : Truth.True;

    /// <summary>
    /// <c>or</c>: true if either side is true (whatever the other is), else unknown if either is
    /// unknown, else false. Once it is true no operand can change it, so evaluation stops there.
    /// </summary>
    public static Truth Or(Truth left, Truth right) =>
        left == Truth.True || right == Truth.True ? Truth.True
        : left == Truth.Unknown || right == Truth.Unknown ? Truth.Unknown
        : Truth.False;

    /// <summary>The value of an empty <c>and</c>, and what an <c>and</c> of parts starts from.</summary>
    public const Truth AndIdentity = Truth.True;

    /// <summary>The value of an empty <c>or</c>, and what an <c>or</c> of parts starts from.</summary>
    public const Truth OrIdentity = Truth.False;
}
