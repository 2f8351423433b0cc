namespace BackPainRules.Syntax;

/// <summary>
/// The language's rules for names (SPEC §1): a name is lower-case letters, digits and <c>_</c>,
/// starting with a letter, and is not a reserved word.
/// </summary>
public static class Names
{
    /// <summary>Whether <paramref name="text"/> is spelt as a name: <c>[a-z][a-z0-9_]*</c>. Reserved words are spelt as names too.</summary>
    public static bool IsValid(string text)
    {
        if (text.Length == 0 || text[0] is < 'a' or > 'z') return false;
        foreach (char c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')) return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is a reserved word, which can never be a name (<see cref="Keywords.Reserved"/>).</summary>
    public static bool IsReserved(string text) => Keywords.Reserved.Contains(text);

    /// <summary>
    /// For a word that is not a valid name only because of its capitals, the valid name it would be in lower case
    /// (a "did you mean"); otherwise null.
    /// </summary>
    public static string? LowerCaseSuggestion(string text) =>
        text.ToLowerInvariant() is var lower && lower != text && IsValid(lower) ? lower : null;
}
