using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// The value of one fact in a profile: unknown, or known with a number (bools as 0/1) or a set of
/// enum values as a bit mask (a <c>one of</c> value sets one bit).
/// </summary>
public readonly record struct FactValue(bool IsKnown, double Number, ulong Values)
{
    /// <summary>The unknown value.</summary>
    public static readonly FactValue Unknown = default;

    /// <summary>A known bool.</summary>
    public static FactValue Of(bool value) => new(true, value ? 1 : 0, 0);

    /// <summary>A known number.</summary>
    public static FactValue Of(double value) => new(true, value, 0);

    /// <summary>A known set of enum values (one bit for a <c>one of</c> fact).</summary>
    public static FactValue OfValues(ulong values) => new(true, 0, values);

    /// <summary>As a bool (a known bool fact).</summary>
    public bool AsBool => Number != 0;
}

/// <summary>
/// A runner's profile read against one rule set: a value for each fact slot, the profile's name as
/// it appears in results, and any warnings met while reading it (undeclared keys, say).
/// </summary>
public sealed class Profile
{
    internal Profile(ProfileLayout owner, string name, FactValue[] values, ImmutableArray<Diagnostic> warnings)
    {
        Owner = owner;
        Name = name;
        Values = values;
        Warnings = warnings;
    }

    /// <summary>The layout of the rule set that read this profile; its slots only make sense there.</summary>
    internal ProfileLayout Owner { get; }

    /// <summary>The <c>$id</c>, or where the profile came from.</summary>
    public string Name { get; }

    /// <summary>One value per fact, indexed by <see cref="FactSymbol.Index"/>.</summary>
    internal FactValue[] Values { get; }

    /// <summary>Warnings from reading the profile; they are carried into the evaluation result.</summary>
    public ImmutableArray<Diagnostic> Warnings { get; }

    /// <summary>The value given for <paramref name="fact"/>.</summary>
    public FactValue this[FactSymbol fact] => Values[fact.Index];
}

/// <summary>What reading one profile gave: a profile, or the diagnostics that explain why there is none.</summary>
/// <param name="Name">The profile's name: its <c>$id</c>, or where it came from (<c>FILE</c>, <c>FILE:LINE</c>, <c>FILE[i]</c>, <c>-:LINE</c>).</param>
/// <param name="Profile">The profile, or null when it had errors.</param>
/// <param name="Diagnostics">Errors and warnings, each with file, line and column.</param>
public sealed record ProfileReadResult(string Name, Profile? Profile, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Whether the profile had errors (and so will not be evaluated).</summary>
    public bool HasErrors => Profile is null;
}

/// <summary>Thrown by the convenience <c>Evaluate</c> overloads when a profile has errors; <see cref="Diagnostics"/> says what and where.</summary>
public sealed class ProfileException : Exception
{
    /// <summary>Creates the exception from a profile's diagnostics.</summary>
    public ProfileException(ImmutableArray<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Where(d => d.IsError)))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>The profile's diagnostics.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }
}
