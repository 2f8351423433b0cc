using BackPainRules.Text;

namespace BackPainRules.Diagnostics;

/// <summary>How serious a diagnostic is. Errors stop a rule set or a profile from being evaluated; warnings do not.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input cannot be used as written.</summary>
    Error,
    /// <summary>The input works but probably does not say what was meant.</summary>
    Warning,
}

/// <summary>Where a diagnostic points: a file, a span in it and the span's 1-based start and end positions.</summary>
public sealed record SourceLocation(string Path, TextSpan Span, LinePosition Start, LinePosition End)
{
    /// <summary>The location of a span in a source text.</summary>
    public static SourceLocation Of(SourceText source, TextSpan span) =>
        new(source.Path, span, source.GetPosition(span.Start), source.GetPosition(span.End));

    /// <summary>A location known only by line and column (a position in a JSON profile, say).</summary>
    public static SourceLocation At(string path, int line, int column) =>
        new(path, default, new LinePosition(line, column), new LinePosition(line, column));

    /// <inheritdoc/>
    public override string ToString() => $"{Path}:{Start.Line}:{Start.Column}";
}

/// <summary>
/// One problem found in a rule file or a profile. Only <see cref="DiagnosticCatalogue"/> creates diagnostics
/// (the constructor is internal), so every <see cref="Code"/> is stable across versions and every message
/// comes from one place.
/// </summary>
public sealed record Diagnostic
{
    internal Diagnostic(string code, DiagnosticSeverity severity, string message, SourceLocation location, string? suggestion = null, string? fact = null)
    {
        Code = code;
        Severity = severity;
        Message = message;
        Location = location;
        Suggestion = suggestion;
        Fact = fact;
    }

    /// <summary>The stable code, such as <c>BPR101</c>.</summary>
    public string Code { get; }

    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>A one-line message for a human.</summary>
    public string Message { get; }

    /// <summary>Where the problem is.</summary>
    public SourceLocation Location { get; }

    /// <summary>For a "did you mean" diagnostic, the text that should replace the location's span.</summary>
    public string? Suggestion { get; }

    /// <summary>
    /// For a problem in a profile, the key it is about (a fact name, or <c>$id</c>), so a host can point at
    /// the question without reading the message; null otherwise.
    /// </summary>
    public string? Fact { get; }

    /// <summary>The diagnostic's parts, in the order the record has always listed them.</summary>
    public void Deconstruct(out string code, out DiagnosticSeverity severity, out string message, out SourceLocation location, out string? suggestion)
    {
        code = Code;
        severity = Severity;
        message = Message;
        location = Location;
        suggestion = Suggestion;
    }

    /// <summary>Whether this diagnostic is an error.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The diagnostic as <c>FILE:LINE:COL: error|warning CODE: message</c>, the form <c>rules check</c> prints.</summary>
    public override string ToString()
    {
        var text = new ReportWriter();
        WriteTo(text);
        return text.ToString();
    }

    /// <summary>Writes the line of <see cref="ToString"/>, its severity and code styled as an error or a warning.</summary>
    public void WriteTo(ReportWriter text) =>
        text.Append(Location.ToString()).Append(": ")
            .Append((IsError ? "error " : "warning ") + Code, IsError ? TextStyle.Error : TextStyle.Warning)
            .Append(": ").Append(Message);

    /// <summary>Orders diagnostics by file (ordinal), line, column, then code, as <c>rules check</c> prints them.</summary>
    public static IComparer<Diagnostic> ReadingOrder { get; } = Comparer<Diagnostic>.Create((a, b) =>
    {
        int c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
        if (c == 0) c = a.Location.Start.Line.CompareTo(b.Location.Start.Line);
        if (c == 0) c = a.Location.Start.Column.CompareTo(b.Location.Start.Column);
        if (c == 0) c = string.CompareOrdinal(a.Code, b.Code);
        if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
        return c;
    });
}
