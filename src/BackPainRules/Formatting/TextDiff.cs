using BackPainRules.Text;

namespace BackPainRules.Formatting;

/// <summary>One replacement in a text: the characters of <paramref name="Span"/> become <paramref name="NewText"/>.</summary>
/// <param name="Span">Where, in the old text.</param>
/// <param name="NewText">What goes there instead.</param>
public sealed record TextReplacement(TextSpan Span, string NewText);

/// <summary>
/// A plain text diff, so an editor can be handed the few changes formatting makes instead of a whole new
/// document (cursors, marks and undo history then survive). It knows nothing of the language.
/// </summary>
public static class TextDiff
{
    // Beyond this many inserted or deleted lines the diff stops looking for matching lines and replaces the
    // rest as one stretch (still trimmed of what it starts and ends with): memory grows with its square.
    private const int MaxLineEdits = 1500;

    /// <summary>
    /// Replacements that turn <paramref name="oldText"/> into <paramref name="newText"/>: in order, not
    /// overlapping, each span in the old text. Lines that are equal in both (compared without their line
    /// ends) are kept; between them, each stretch that differs becomes one replacement trimmed of the
    /// characters it begins and ends with in both texts. A replacement never starts or ends inside a
    /// <c>"\r\n"</c> or a UTF-16 surrogate pair of the old text, so every span can be given as line and
    /// character positions.
    /// </summary>
    public static IReadOnlyList<TextReplacement> Replacements(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var result = new List<TextReplacement>();
        if (oldText == newText) return result;
        var oldLines = Lines(oldText);
        var newLines = Lines(newText);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] a = oldLines.Select(l => IdOf(ids, oldText.Substring(l.Start, l.Length))).ToArray();
        int[] b = newLines.Select(l => IdOf(ids, newText.Substring(l.Start, l.Length))).ToArray();

        // Equal lines are anchors; everything between two anchors (line ends included) is one stretch.
        int oldFrom = 0, newFrom = 0;
        foreach (var (i, j) in MatchingLines(a, b))
        {
            AddStretch(oldText, oldFrom, oldLines[i].Start, newText, newFrom, newLines[j].Start, result);
            oldFrom = oldLines[i].Start + oldLines[i].Length;
            newFrom = newLines[j].Start + newLines[j].Length;
        }
        AddStretch(oldText, oldFrom, oldText.Length, newText, newFrom, newText.Length, result);
        return result;
    }

    /// <summary>Applies replacements from <see cref="Replacements"/> (in order, not overlapping) to the old text.</summary>
    public static string Apply(string oldText, IEnumerable<TextReplacement> replacements)
    {
        var builder = new System.Text.StringBuilder(oldText.Length);
        int at = 0;
        foreach (var replacement in replacements)
        {
            if (replacement.Span.Start < at) throw new ArgumentException("Replacements must be in order and must not overlap.", nameof(replacements));
            builder.Append(oldText, at, replacement.Span.Start - at).Append(replacement.NewText);
            at = replacement.Span.End;
        }
        return builder.Append(oldText, at, oldText.Length - at).ToString();
    }

    private static int IdOf(Dictionary<string, int> ids, string line)
    {
        if (!ids.TryGetValue(line, out int id)) ids[line] = id = ids.Count;
        return id;
    }

    /// <summary>Each line's content (without its line end: "\r\n", "\n" or a lone "\r"); the last line follows the last line end.</summary>
    private static List<TextSpan> Lines(string text)
    {
        var lines = new List<TextSpan>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\n' or '\r')) continue;
            lines.Add(new TextSpan(start, i - start));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        lines.Add(new TextSpan(start, text.Length - start));
        return lines;
    }

    /// <summary>
    /// A longest run of pairs (i, j) with <c>a[i] == b[j]</c>, increasing in both, found with Myers' O((N+M)D)
    /// shortest edit script; when more than <see cref="MaxLineEdits"/> edits are needed, only the lines the two
    /// sequences start and end with.
    /// </summary>
    private static List<(int Old, int New)> MatchingLines(int[] a, int[] b)
    {
        int n = a.Length, m = b.Length;
        int max = Math.Min(n + m, MaxLineEdits);
        // v[k + offset]: the furthest x reached on diagonal k (x - y = k) with the current number of edits.
        int offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        for (int d = 0; d <= max; d++)
        {
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    trace.Add(v[(offset - d)..(offset + d + 1)]);
                    return Backtrack(a, b, trace);
                }
            }
            trace.Add(v[(offset - d)..(offset + d + 1)]);
        }
        return PrefixAndSuffix(a, b);
    }

    /// <summary>Walks the recorded frontiers back from the end, collecting the diagonal (matching) steps.</summary>
    private static List<(int Old, int New)> Backtrack(int[] a, int[] b, List<int[]> trace)
    {
        var matches = new List<(int, int)>();
        int x = a.Length, y = b.Length;
        for (int d = trace.Count - 1; d > 0; d--)
        {
            // trace[d - 1][k + d - 1] holds diagonal k's frontier after d - 1 edits.
            var previous = trace[d - 1];
            int k = x - y;
            int Frontier(int diagonal) => previous[diagonal + d - 1];
            int previousK = k == -d || (k != d && Frontier(k - 1) < Frontier(k + 1)) ? k + 1 : k - 1;
            int previousX = Frontier(previousK);
            int snakeStart = previousK == k + 1 ? previousX : previousX + 1;
            while (x > snakeStart)
            {
                x--;
                y--;
                matches.Add((x, y));
            }
            x = previousX;
            y = previousX - previousK;
        }
        while (x > 0 && y > 0)
        {
            x--;
            y--;
            matches.Add((x, y));
        }
        matches.Reverse();
        return matches;
    }

    private static List<(int Old, int New)> PrefixAndSuffix(int[] a, int[] b)
    {
        var matches = new List<(int, int)>();
        int prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix]) matches.Add((prefix, prefix++));
        int suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)]) suffix++;
        for (int s = suffix; s > 0; s--) matches.Add((a.Length - s, b.Length - s));
        return matches;
    }

    /// <summary>Replaces old[oldStart..oldEnd) by new[newStart..newEnd), less what both begin and end with.</summary>
    private static void AddStretch(string oldText, int oldStart, int oldEnd, string newText, int newStart, int newEnd, List<TextReplacement> result)
    {
        int prefix = 0;
        while (oldStart + prefix < oldEnd && newStart + prefix < newEnd && oldText[oldStart + prefix] == newText[newStart + prefix]) prefix++;
        int suffix = 0;
        while (oldEnd - suffix > oldStart + prefix && newEnd - suffix > newStart + prefix && oldText[oldEnd - suffix - 1] == newText[newEnd - suffix - 1]) suffix++;
        int from = oldStart + prefix, to = oldEnd - suffix, newFrom = newStart + prefix, newTo = newEnd - suffix;
        if (from == to && newFrom == newTo) return;
        // Widen over the common characters rather than cut a line end or a character in two.
        while (from > oldStart && Splits(oldText, from))
        {
            from--;
            newFrom--;
        }
        while (to < oldEnd && Splits(oldText, to))
        {
            to++;
            newTo++;
        }
        result.Add(new TextReplacement(new TextSpan(from, to - from), newText[newFrom..newTo]));
    }

    /// <summary>Whether an offset falls between the two characters of a "\r\n" or of a surrogate pair.</summary>
    private static bool Splits(string text, int offset) =>
        offset > 0 && offset < text.Length &&
        ((text[offset - 1] == '\r' && text[offset] == '\n') || (char.IsHighSurrogate(text[offset - 1]) && char.IsLowSurrogate(text[offset])));
}
