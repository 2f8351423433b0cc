namespace BackPainRules.Text;

/// <summary>A 1-based line and column, the column counted in UTF-16 code units (a tab is one column), as the language server counts them.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// The text of one rule file with a table of line starts, so that offsets kept in syntax nodes
/// can be turned into the line:column a human reads only when a human needs them.
/// </summary>
public sealed class SourceText
{
    private readonly int[] lineStarts;

    /// <summary>Creates a source text. A leading byte-order mark is dropped; CRLF and LF both end lines.</summary>
    public SourceText(string path, string text)
    {
        Path = path;
        Text = text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        lineStarts = ComputeLineStarts(Text);
    }

    /// <summary>The path the file was loaded from, as it is shown in messages.</summary>
    public string Path { get; }

    /// <summary>The text without a byte-order mark.</summary>
    public string Text { get; }

    /// <summary>The number of lines (an empty text has one).</summary>
    public int LineCount => lineStarts.Length;

    /// <summary>The 1-based line and column of <paramref name="offset"/>.</summary>
    public LinePosition GetPosition(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int index = Array.BinarySearch(lineStarts, offset);
        int line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line + 1, offset - lineStarts[line] + 1);
    }

    /// <summary>
    /// The offset of a 1-based line and column. A column past the end of its line means the end of that
    /// line (before its line break), as in the Language Server Protocol.
    /// </summary>
    public int GetOffset(LinePosition position)
    {
        int line = Math.Clamp(position.Line, 1, lineStarts.Length) - 1;
        int lineEnd = line + 1 < lineStarts.Length ? lineStarts[line + 1] : Text.Length;
        // Step back over the line break: "\n", "\r\n" or a lone "\r".
        if (lineEnd > lineStarts[line] && line + 1 < lineStarts.Length)
        {
            lineEnd--;
            if (Text[lineEnd] == '\n' && lineEnd > lineStarts[line] && Text[lineEnd - 1] == '\r') lineEnd--;
        }
        return Math.Clamp(lineStarts[line] + position.Column - 1, lineStarts[line], lineEnd);
    }

    /// <summary>The text covered by a span.</summary>
    public string this[TextSpan span] => Text.Substring(span.Start, span.Length);

    private static int[] ComputeLineStarts(string text)
    {
        // LF, CRLF and (as LSP also counts it) a lone CR end a line.
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) starts.Add(i + 1);
        }
        return starts.ToArray();
    }
}
