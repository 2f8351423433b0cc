using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BackPainRules.Diagnostics;
using BackPainRules.Semantics;

namespace BackPainRules.Profiles;

/// <summary>
/// Reads profiles (SPEC §5) with a streaming JSON reader, checking each value against the fact it
/// names. Every problem is a diagnostic with the file, line, column and fact; a profile with an
/// error yields no profile, and the other profiles of a batch are still read.
/// </summary>
internal static class ProfileReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = 64 };

    /// <summary>Reads a file as <c>rules eval</c> does: NDJSON by extension, otherwise a JSON object or an array of them.</summary>
    public static IEnumerable<ProfileReadResult> ReadFile(ProfileLayout layout, string path, bool strict)
    {
        Stream? stream = null;
        Exception? error = null;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = e;
        }
        if (stream is null)
        {
            yield return Failed(path, DiagnosticCatalogue.UnreadableFile(SourceLocation.At(path, 1, 1), error!));
            yield break;
        }
        using (stream)
        {
            foreach (var result in ReadStream(layout, stream, path, strict)) yield return result;
        }
    }

    /// <summary>Whether a file holds NDJSON (one profile a line) by its name: <c>.ndjson</c> or <c>.jsonl</c>.</summary>
    public static bool IsNdjsonPath(string path) =>
        path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads profiles from a stream named <paramref name="path"/>: NDJSON when the name ends in
    /// <c>.ndjson</c> or <c>.jsonl</c> (streamed, one line at a time), otherwise one JSON document
    /// (an array streamed one item at a time).
    /// </summary>
    public static IEnumerable<ProfileReadResult> ReadStream(ProfileLayout layout, Stream stream, string path, bool strict)
    {
        bool ndjson = IsNdjsonPath(path);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        if (ndjson)
        {
            foreach (var result in ReadNdjson(layout, reader, path, strict)) yield return result;
        }
        else
        {
            foreach (var result in ReadJson(layout, reader, path, strict)) yield return result;
        }
    }

    /// <summary>
    /// A JSON document from a reader, as a reader of the whole text would, with the same names
    /// and diagnostics; but an array is read item by item as the text arrives, so only the current item
    /// is held in memory. A document that is not an array is one profile, read whole.
    /// </summary>
    public static IEnumerable<ProfileReadResult> ReadJson(ProfileLayout layout, TextReader reader, string path, bool strict,
        int initialBufferSize = StreamingJsonArraySplitter.DefaultBufferSize)
    {
        int index = 0;
        foreach (var part in new StreamingJsonArraySplitter(reader, initialBufferSize).Parts())
        {
            switch (part.Kind)
            {
                case StreamingJsonArraySplitter.PartKind.WholeDocument:
                    yield return ReadSingleObject(layout, new JsonText(path, part.Buffer, part.Start, part.Length, 1, 0), part.Start, part.Length, path, strict);
                    break;
                case StreamingJsonArraySplitter.PartKind.Item:
                    // The item is read on its own, placed where it starts in the document so positions are the document's.
                    var item = new JsonText(path, part.Buffer, part.Start, part.Length, LineNumber(part.Line), part.Column);
                    yield return ReadSingleObject(layout, item, part.Start, part.Length, $"{path}[{index++}]", strict);
                    break;
                default:
                    var at = SourceLocation.At(path, LineNumber(part.Line), ColumnNumber(part.Column));
                    yield return Failed(path, ArrayProblem(at, part.Problem!.Value));
                    break;
            }
        }
    }

    /// <summary>A 1-based line number from a 0-based line index; a document longer than that many lines saturates rather than wraps.</summary>
    private static int LineNumber(long lineIndex) => (int)Math.Min(int.MaxValue, lineIndex + 1);

    /// <summary>A 1-based column from the UTF-16 units before the position, saturating like <see cref="LineNumber"/>.</summary>
    private static int ColumnNumber(long unitsBefore) => (int)Math.Min(int.MaxValue, unitsBefore + 1);

    /// <summary>One JSON object a line; blank lines are skipped.</summary>
    public static IEnumerable<ProfileReadResult> ReadNdjson(ProfileLayout layout, TextReader reader, string path, bool strict)
    {
        foreach (var (line, lineNumber) in NdjsonLines(reader))
        {
            yield return ReadNdjsonLine(layout, line, lineNumber, path, strict);
        }
    }

    /// <summary>The non-blank lines of an NDJSON text with their 1-based numbers (a BOM on the first line dropped).</summary>
    public static IEnumerable<(string Line, int Number)> NdjsonLines(TextReader reader)
    {
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF') line = line[1..];
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return (line, lineNumber);
        }
    }

    /// <summary>One NDJSON line as a profile named <c>FILE:LINE</c> (unless it has an <c>$id</c>). Safe to call from many threads.</summary>
    public static ProfileReadResult ReadNdjsonLine(ProfileLayout layout, string line, int lineNumber, string path, bool strict)
    {
        var document = new JsonText(path, line, lineNumber);
        return ReadSingleObject(layout, document, document.Start, document.Length, $"{path}:{lineNumber}", strict);
    }

    /// <summary>
    /// The JSON value in <c>[start, start + length)</c> of a whole UTF-8 document read as a profile named
    /// <paramref name="name"/>, with positions in the document's terms; for the test project's whole-text
    /// reference reader, which the streaming <see cref="ReadJson"/> is held to.
    /// </summary>
    internal static ProfileReadResult ReadSlice(ProfileLayout layout, byte[] document, int start, int length, string path, string name, bool strict) =>
        ReadSingleObject(layout, new JsonText(path, document, 0, -1, 1, 0), start, length, name, strict);

    /// <summary>What is wrong with a whole UTF-8 document's array, at a byte offset (see <see cref="ReadSlice"/>).</summary>
    internal static ProfileReadResult InvalidArrayAt(byte[] document, int offset, string path, JsonArrayProblem problem) =>
        Failed(path, ArrayProblem(new JsonText(path, document, 0, -1, 1, 0).Location(offset), problem));

    /// <summary>One profile object from text (the embedding API's entry point).</summary>
    public static ProfileReadResult ReadObject(ProfileLayout layout, string text, string path, bool strict)
    {
        var document = new JsonText(path, text, 1);
        return ReadSingleObject(layout, document, document.Start, document.Length, path, strict);
    }

    /// <summary>Reads the one JSON value in <c>[start, start + length)</c> of the document as a profile.</summary>
    private static ProfileReadResult ReadSingleObject(ProfileLayout layout, JsonText document, int start, int length, string name, bool strict)
    {
        var slice = new JsonSlice(document, start);
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(document.Bytes, start, length), Options);
        try
        {
            if (!reader.Read()) return Failed(name, DiagnosticCatalogue.EmptyProfile(document.Location(start + length)));
            var result = ReadObjectAt(layout, ref reader, slice, name, strict);
            // Reading past the last value makes the reader reject anything left over, with its position.
            if (reader.Read()) return Failed(name, DiagnosticCatalogue.ContentAfterProfile(slice.Location((int)reader.TokenStartIndex)));
            return result;
        }
        catch (FactJsonException e)
        {
            return Failed(e.Name ?? name, slice.InvalidJson(e.Inner, e.Fact));
        }
        catch (JsonException e)
        {
            return Failed(name, slice.InvalidJson(e, null));
        }
    }

    /// <summary>Invalid JSON met while reading the value of a known key: the key is the fact the message names.</summary>
    private sealed class FactJsonException(JsonException inner, string fact, string? name) : Exception(inner.Message, inner)
    {
        public JsonException Inner { get; } = inner;
        public string Fact { get; } = fact;
        public string? Name { get; } = name;
    }

    /// <summary>Reads the object whose first token the reader is on. On a bad value, skips the rest of the object so a batch can go on.</summary>
    private static ProfileReadResult ReadObjectAt(ProfileLayout layout, ref Utf8JsonReader reader, JsonSlice document, string name, bool strict)
    {
        int objectStart = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var found = Describe(ref reader);
            reader.Skip();
            return Failed(name, DiagnosticCatalogue.NotAnObject(document.Location(objectStart), found));
        }
        int depth = reader.CurrentDepth;
        var values = new FactValue[layout.Facts.Length];
        // Duplicate keys: facts by slot (no strings on the good path), anything else by name.
        Span<bool> seenFacts = values.Length <= 512 ? stackalloc bool[values.Length] : new bool[values.Length];
        HashSet<string>? seenOther = null;
        ImmutableArray<Diagnostic>.Builder? warnings = null;
        string? id = null;
        Diagnostic? error = null;
        string? key = null;
        Span<char> keyBuffer = stackalloc char[128];

        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                key = null;
                int keyOffset = (int)reader.TokenStartIndex;
                var fact = FindFactFast(layout, ref reader, keyBuffer);
                if (fact is not null)
                {
                    key = fact.Name;
                    reader.Read();
                    if (fact.IsConcluded)
                    {
                        error = ConcludedFactGiven(layout, document.Location(keyOffset), fact);
                        break;
                    }
                    if (seenFacts[fact.Index])
                    {
                        error = DiagnosticCatalogue.DuplicateKey(document.Location(keyOffset), key);
                        break;
                    }
                    seenFacts[fact.Index] = true;
                    if (ReadValue(ref reader, document, fact, out var value) is { } problem)
                    {
                        error = problem;
                        break;
                    }
                    values[fact.Index] = value;
                    continue;
                }

                if (!TryGetString(ref reader, out var keyText))
                {
                    error = DiagnosticCatalogue.KeyNotText(document.Location(keyOffset));
                    break;
                }
                key = keyText;
                reader.Read();
                int valueOffset = (int)reader.TokenStartIndex;
                if (layout.FindFact(key) is { } escapedFact)
                {
                    // A key written with escapes ("\u0063adence") still names its fact.
                    if (escapedFact.IsConcluded)
                    {
                        error = ConcludedFactGiven(layout, document.Location(keyOffset), escapedFact);
                        break;
                    }
                    if (seenFacts[escapedFact.Index])
                    {
                        error = DiagnosticCatalogue.DuplicateKey(document.Location(keyOffset), key);
                        break;
                    }
                    seenFacts[escapedFact.Index] = true;
                    if (ReadValue(ref reader, document, escapedFact, out var value) is { } problem)
                    {
                        error = problem;
                        break;
                    }
                    values[escapedFact.Index] = value;
                    continue;
                }
                if (!(seenOther ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                {
                    error = DiagnosticCatalogue.DuplicateKey(document.Location(keyOffset), key);
                    break;
                }
                if (key.StartsWith('$'))
                {
                    // Metadata: "$id" names the profile; other "$" keys are the caller's business.
                    if (key == "$id")
                    {
                        if (reader.TokenType != JsonTokenType.String || !TryGetString(ref reader, out var idText))
                        {
                            error = DiagnosticCatalogue.IdNotAString(document.Location(valueOffset), Describe(ref reader));
                            break;
                        }
                        id = idText;
                    }
                    if (SkipValue(ref reader, document, key) is { } tooLarge)
                    {
                        error = tooLarge;
                        break;
                    }
                    continue;
                }
                if (layout.IsScore(key))
                {
                    // SPEC §5: scores, like concluded facts, are worked out by the rules alone.
                    error = DiagnosticCatalogue.ScoreInProfile(document.Location(keyOffset), key);
                    break;
                }
                var suggestion = Suggestions.Closest(key, layout.Facts.Select(f => f.Name));
                var undeclared = strict
                    ? DiagnosticCatalogue.UndeclaredKeyStrict(document.Location(keyOffset), key, suggestion)
                    : DiagnosticCatalogue.UndeclaredKey(document.Location(keyOffset), key, suggestion);
                if (strict)
                {
                    error = undeclared;
                    break;
                }
                (warnings ??= ImmutableArray.CreateBuilder<Diagnostic>()).Add(undeclared);
                if (SkipValue(ref reader, document, key) is { } tooLargeValue)
                {
                    error = tooLargeValue;
                    break;
                }
            }
            if (error is not null) SkipToEndOfObject(ref reader, depth);
        }
        catch (JsonException e) when (key is not null)
        {
            throw new FactJsonException(e, key, id);
        }

        if (error is not null) return Failed(id ?? name, error);
        var profileName = id ?? name;
        var profileWarnings = warnings?.ToImmutable() ?? ImmutableArray<Diagnostic>.Empty;
        return new ProfileReadResult(profileName, new Profile(layout, profileName, values, profileWarnings), profileWarnings);
    }

    /// <summary>
    /// The fact a key names, looked up without making a string: the fast path for plain (unescaped)
    /// keys. Null when the key is escaped, long, metadata or not a fact; the caller then reads it as text.
    /// </summary>
    private static FactSymbol? FindFactFast(ProfileLayout layout, ref Utf8JsonReader reader, scoped Span<char> buffer)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > buffer.Length) return null;
        var utf8 = reader.ValueSpan;
        if (utf8.Length > 0 && utf8[0] == (byte)'$') return null;
        if (!Encoding.UTF8.TryGetChars(utf8, buffer, out int written)) return null;
        return layout.FindFact(buffer[..written]);
    }

    /// <summary>A string token's text; false for an unpaired surrogate escape, which is valid JSON but not valid text.</summary>
    private static bool TryGetString(ref Utf8JsonReader reader, out string value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    /// <summary>
    /// Skips the value the reader is on (under metadata or an undeclared key), leaving the reader on its last
    /// token as <see cref="Utf8JsonReader.Skip"/> does; but a number in it too large for a double is still
    /// invalid JSON (SPEC §5), reported at the number.
    /// </summary>
    private static Diagnostic? SkipValue(ref Utf8JsonReader reader, JsonSlice document, string key)
    {
        Diagnostic? problem = TooLarge(ref reader, document, key);
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return problem;
        int depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            problem ??= TooLarge(ref reader, document, key);
        }
        return problem;
    }

    /// <summary>A diagnostic when the reader is on a number too large for a double, else null.</summary>
    private static Diagnostic? TooLarge(ref Utf8JsonReader reader, JsonSlice document, string key) =>
        reader.TokenType == JsonTokenType.Number && !(reader.TryGetDouble(out double number) && double.IsFinite(number))
            ? DiagnosticCatalogue.NumberBeyondDouble(document.Location((int)reader.TokenStartIndex), key, Describe(ref reader))
            : null;

    private static void SkipToEndOfObject(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject && reader.CurrentDepth > depth) reader.Skip();
        while (!(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) && reader.Read())
        {
        }
    }

    private static Diagnostic? ReadValue(ref Utf8JsonReader reader, JsonSlice document, FactSymbol fact, out FactValue value)
    {
        value = FactValue.Unknown;
        if (reader.TokenType == JsonTokenType.Null) return null;
        // A number too large for a double is invalid JSON whatever the fact's type (SPEC §5).
        if (TooLarge(ref reader, document, fact.Name) is { } tooLarge) return tooLarge;
        // Positions are only worked out for errors; the good path never pays for them.
        int start = (int)reader.TokenStartIndex;
        var document_ = document;
        SourceLocation at() => document_.Location(start);
        switch (fact.Type)
        {
            case FactType.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return DiagnosticCatalogue.NotABool(at(), fact.Name, Describe(ref reader));
                }
                value = FactValue.Of(reader.GetBoolean());
                return null;

            case FactType.Number:
                if (reader.TokenType != JsonTokenType.Number)
                {
                    return DiagnosticCatalogue.NotANumber(at(), fact.Name, Describe(ref reader));
                }
                double number = reader.GetDouble();
                if (fact.Low is { } low && fact.High is { } high && (number < low || number > high))
                {
                    return DiagnosticCatalogue.ProfileOutOfRange(at(), fact.Name, number, fact.RangeText!);
                }
                value = FactValue.Of(number);
                return null;

            case FactType.OneOf:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return DiagnosticCatalogue.NotAValueOf(at(), fact.Name, fact.Values, Describe(ref reader));
                }
                if (!TryGetString(ref reader, out var text)) return NotText(at(), fact);
                int index = fact.ValueIndex(text);
                if (index < 0) return DiagnosticCatalogue.ProfileUndeclaredValue(at(), fact.Name, text, fact.Values);
                value = FactValue.OfValues(1UL << index);
                return null;

            default:
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return DiagnosticCatalogue.NotAnArray(at(), fact.Name, Describe(ref reader));
                }
                ulong set = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    int itemStart = (int)reader.TokenStartIndex;
                    SourceLocation itemAt() => document_.Location(itemStart);
                    if (TooLarge(ref reader, document, fact.Name) is { } tooLargeItem) return tooLargeItem;
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return DiagnosticCatalogue.NotAStringInArray(itemAt(), fact.Name, Describe(ref reader));
                    }
                    if (!TryGetString(ref reader, out var item)) return NotText(itemAt(), fact);
                    int itemIndex = fact.ValueIndex(item);
                    if (itemIndex < 0) return DiagnosticCatalogue.ProfileUndeclaredValue(itemAt(), fact.Name, item, fact.Values);
                    set |= 1UL << itemIndex;
                }
                value = FactValue.OfValues(set);
                return null;
        }
    }

    /// <summary>SPEC §4/§5: a concluded fact is decided by its rules alone, so a profile naming it (whatever the value) is an error.</summary>
    private static Diagnostic ConcludedFactGiven(ProfileLayout layout, SourceLocation at, FactSymbol fact) =>
        DiagnosticCatalogue.ConcludedFactInProfile(at, fact.Name, layout.ConcludedBy(fact));

    private static Diagnostic NotText(SourceLocation at, FactSymbol fact) => DiagnosticCatalogue.StringNotText(at, fact.Name);

    private static Diagnostic ArrayProblem(SourceLocation at, JsonArrayProblem problem) => problem switch
    {
        JsonArrayProblem.ContentAfterArray => DiagnosticCatalogue.ContentAfterArray(at),
        JsonArrayProblem.NotClosed => DiagnosticCatalogue.ArrayNotClosed(at),
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    /// <summary>The JSON value the reader is on, for a message: its kind, and the raw text of a string or number. Never decodes, so it cannot fail.</summary>
    private static FoundJson Describe(ref Utf8JsonReader reader) =>
        new(reader.TokenType, reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Encoding.UTF8.GetString(reader.ValueSpan) : null);

    private static ProfileReadResult Failed(string name, Diagnostic diagnostic) =>
        new(name, null, ImmutableArray.Create(diagnostic));

    /// <summary>
    /// JSON text as UTF-8 bytes (all of a buffer, or a part of it such as one array item) with a table of
    /// line starts, to turn byte offsets into 1-based line and UTF-16 column.
    /// </summary>
    private sealed class JsonText
    {
        private readonly int firstLine;
        // UTF-16 units before Start on its line: an array item need not begin a line, and the text before it is gone.
        private readonly long firstLineColumns;
        private int[]? lineStarts;

        public JsonText(string path, string text, int firstLine)
            : this(path, Encoding.UTF8.GetBytes(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text), 0, -1, firstLine, 0)
        {
        }

        /// <summary>The text in <c>[start, start + length)</c> of <paramref name="bytes"/> (all of it when length is -1), whose first byte is at <paramref name="firstLine"/> after <paramref name="firstLineColumns"/> UTF-16 units.</summary>
        public JsonText(string path, byte[] bytes, int start, int length, int firstLine, long firstLineColumns)
        {
            Path = path;
            Bytes = bytes;
            Start = start;
            End = length < 0 ? bytes.Length : start + length;
            this.firstLine = firstLine;
            this.firstLineColumns = firstLineColumns;
        }

        /// <summary>Line starts, computed only when a position is needed (an error), never on the good path.</summary>
        private int[] LineStarts => lineStarts ??= ComputeLineStarts();

        private int[] ComputeLineStarts()
        {
            var starts = new List<int> { Start };
            for (int i = Start; i < End; i++)
            {
                if (Bytes[i] == (byte)'\n') starts.Add(i + 1);
            }
            return starts.ToArray();
        }

        public string Path { get; }

        public byte[] Bytes { get; }

        /// <summary>Where the text starts in <see cref="Bytes"/>.</summary>
        public int Start { get; }

        /// <summary>Where the text ends in <see cref="Bytes"/> (exclusive).</summary>
        public int End { get; }

        public int Length => End - Start;

        public SourceLocation Location(int byteOffset)
        {
            byteOffset = Math.Clamp(byteOffset, Start, End);
            int index = Array.BinarySearch(LineStarts, byteOffset);
            int line = index >= 0 ? index : ~index - 1;
            return At(line, byteOffset - LineStarts[line]);
        }

        private SourceLocation At(int line, int bytesIntoLine)
        {
            line = Math.Clamp(line, 0, LineStarts.Length - 1);
            int start = LineStarts[line];
            int length = Math.Clamp(bytesIntoLine, 0, End - start);
            long before = line == 0 ? firstLineColumns : 0;
            long column = before + Encoding.UTF8.GetCharCount(Bytes, start, length) + 1;
            return SourceLocation.At(Path, (int)Math.Min(int.MaxValue, (long)firstLine + line), (int)Math.Min(int.MaxValue, column));
        }

        /// <summary>The absolute byte offset of a (line, byte in line) position counted from <paramref name="start"/>.</summary>
        public int Offset(int start, long line, long bytesIntoLine)
        {
            int offset = start;
            for (long l = 0; l < line && offset < End; offset++)
            {
                if (Bytes[offset] == (byte)'\n') l++;
            }
            return (int)Math.Min(End, offset + bytesIntoLine);
        }
    }

    /// <summary>
    /// A part of a JSON document read on its own (an array item, or the whole text): the reader counts
    /// offsets, lines and columns from the start of the part; this maps them back onto the document.
    /// </summary>
    private readonly struct JsonSlice(JsonText document, int start)
    {
        public SourceLocation Location(int offsetInSlice) => document.Location(start + offsetInSlice);

        public Diagnostic InvalidJson(JsonException e, string? fact)
        {
            int offset = e.LineNumber is { } line ? document.Offset(start, line, e.BytePositionInLine ?? 0) : start;
            var at = document.Location(offset);
            bool tooDeep = e.Message.Contains("maximum allowed depth", StringComparison.Ordinal)
                || e.Message.Contains("maximum configured depth", StringComparison.Ordinal);
            return tooDeep ? DiagnosticCatalogue.JsonTooDeep(at, fact, Options.MaxDepth) : DiagnosticCatalogue.JsonReaderError(at, fact, e.Message);
        }
    }
}
