using Newtonsoft.Json.Linq;

namespace BackPainRules.Tests.LanguageServer.Support;

/// <summary>
/// The client's side of LSP positions, written from the specification and independent of the server:
/// lines end at "\r\n", "\n" or "\r"; characters are UTF-16 code units; a character past the end of a
/// line means the end of that line.
/// </summary>
public static class LspText
{
    public static JObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JObject Range(int startLine, int startCharacter, int endLine, int endCharacter) =>
        new() { ["start"] = Position(startLine, startCharacter), ["end"] = Position(endLine, endCharacter) };

    public static JObject Range(JObject start, JObject end) => new() { ["start"] = start, ["end"] = end };

    /// <summary>Offsets where each line starts.</summary>
    public static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (text[i] is '\n' or '\r') starts.Add(i + 1);
        }
        return starts;
    }

    /// <summary>The offset of an LSP position in <paramref name="text"/>.</summary>
    public static int Offset(string text, int line, int character)
    {
        var starts = LineStarts(text);
        if (line >= starts.Count) return text.Length;
        int start = starts[line];
        int end = line + 1 < starts.Count ? starts[line + 1] : text.Length;
        // The line's content ends before its line break.
        while (end > start && text[end - 1] is '\n' or '\r') end--;
        return Math.Min(start + character, end);
    }

    public static int Offset(string text, JToken position) => Offset(text, (int)position["line"]!, (int)position["character"]!);

    /// <summary>The LSP position of an offset.</summary>
    public static JObject PositionOf(string text, int offset)
    {
        var starts = LineStarts(text);
        int line = starts.BinarySearch(offset);
        if (line < 0) line = ~line - 1;
        return Position(line, offset - starts[line]);
    }

    /// <summary>The position of the <paramref name="occurrence"/>-th occurrence of <paramref name="needle"/>, moved by <paramref name="delta"/> characters.</summary>
    public static JObject Find(string text, string needle, int occurrence = 0, int delta = 0) => PositionOf(text, IndexOf(text, needle, occurrence) + delta);

    /// <summary>The range covering the <paramref name="occurrence"/>-th occurrence of <paramref name="needle"/>.</summary>
    public static JObject RangeOf(string text, string needle, int occurrence = 0)
    {
        int start = IndexOf(text, needle, occurrence);
        return Range(PositionOf(text, start), PositionOf(text, start + needle.Length));
    }

    /// <summary>The range of <paramref name="length"/> characters from <paramref name="offset"/>.</summary>
    public static JObject RangeAt(string text, int offset, int length) => Range(PositionOf(text, offset), PositionOf(text, offset + length));

    /// <summary>The range of the <paramref name="occurrence"/>-th <paramref name="name"/> that is followed by <paramref name="after"/>.</summary>
    public static JObject RangeOfNameBefore(string text, string name, string after, int occurrence = 0) =>
        RangeAt(text, IndexOf(text, name + after, occurrence), name.Length);

    public static int IndexOf(string text, string needle, int occurrence = 0)
    {
        int index = -1;
        for (int i = 0; i <= occurrence; i++)
        {
            index = text.IndexOf(needle, index + 1, StringComparison.Ordinal);
            if (index < 0) throw new ArgumentException($"'{needle}' occurs fewer than {occurrence + 1} times in the text");
        }
        return index;
    }

    /// <summary>Applies LSP text edits (non-overlapping, all relative to the original text).</summary>
    public static string ApplyEdits(string text, IEnumerable<JToken> edits)
    {
        var resolved = edits
            .Select(e => (Start: Offset(text, e["range"]!["start"]!), End: Offset(text, e["range"]!["end"]!), NewText: (string)e["newText"]!))
            .OrderByDescending(e => e.Start)
            .ToList();
        foreach (var (start, end, newText) in resolved) text = text[..start] + newText + text[end..];
        return text;
    }

    /// <summary>The text of a range.</summary>
    public static string TextOf(string text, JToken range)
    {
        int start = Offset(text, range["start"]!);
        int end = Offset(text, range["end"]!);
        return text[start..end];
    }
}

public static class JsonExtensions
{
    /// <summary>Compact JSON of a token, for comparisons and messages ("null" for none).</summary>
    public static string Json(this JToken? token) => token?.ToString(Newtonsoft.Json.Formatting.None) ?? "null";
}
