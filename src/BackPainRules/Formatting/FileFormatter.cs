using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Parsing;
using BackPainRules.Text;

namespace BackPainRules.Formatting;

/// <summary>What formatting one file gave.</summary>
/// <param name="Path">The file.</param>
/// <param name="Original">Its text as read (null if it could not be read).</param>
/// <param name="Formatted">Its canonical text, or null when it has syntax errors or could not be read.</param>
/// <param name="Diagnostics">Why it could not be formatted.</param>
public sealed record FormatOutcome(string Path, string? Original, string? Formatted, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Whether formatting would change the file.</summary>
    public bool Changed => Formatted is not null && Formatted != Original;
}

/// <summary>Formats files on disk for <c>rules fmt</c>; never writes a file with syntax errors.</summary>
public static class FileFormatter
{
    /// <summary>Formats one file's text without writing anything.</summary>
    public static FormatOutcome Format(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return new FormatOutcome(path, null, null, ImmutableArray.Create(DiagnosticCatalogue.UnreadableFile(SourceLocation.At(path, 1, 1), e)));
        }
        var syntax = RulesParser.Parse(new SourceText(path, text));
        return new FormatOutcome(path, text, RulesFormatter.Format(syntax), syntax.Diagnostics.Where(d => d.IsError).ToImmutableArray());
    }
}
