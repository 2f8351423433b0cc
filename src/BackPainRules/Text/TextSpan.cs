namespace BackPainRules.Text;

/// <summary>A range of characters in one source text, as a start offset (UTF-16 code units) and a length.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The offset just after the last character of the span.</summary>
    public int End => Start + Length;

    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static TextSpan Between(TextSpan first, TextSpan last) => new(first.Start, Math.Max(0, last.End - first.Start));

    /// <summary>Whether <paramref name="offset"/> lies inside the span or at its end (where a cursor may stand).</summary>
    public bool Touches(int offset) => offset >= Start && offset <= End;

    /// <inheritdoc/>
    public override string ToString() => $"[{Start}..{End})";
}
