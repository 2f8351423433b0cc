using BackPainRules.Diagnostics;
using BackPainRules.Semantics;
using BackPainRules.Text;

namespace BackPainRules.Editing;

/// <summary>A quick fix: a title and the edits it makes; <see cref="Diagnostic"/> is the problem it fixes.</summary>
public sealed record QuickFix(string Title, Diagnostic Diagnostic, IReadOnlyList<TextEdit> Edits, bool IsPreferred);

/// <summary>
/// Quick fixes for the diagnostics in a range: the "did you mean" replacement, and declaring an
/// undeclared fact (typed by where it was used), recommendation or score (from <c>expect score</c>) at the
/// end of the file.
/// </summary>
public static class QuickFixes
{
    /// <summary>The fixes for diagnostics of this document that overlap <paramref name="span"/>.</summary>
    public static IReadOnlyList<QuickFix> For(DocumentAnalysis document, TextSpan span)
    {
        var fixes = new List<QuickFix>();
        foreach (var diagnostic in document.Diagnostics.Where(d => Overlaps(d.Location.Span, span)))
        {
            if (diagnostic.Suggestion is { } suggestion)
            {
                fixes.Add(new QuickFix($"Change to '{suggestion}'", diagnostic,
                    new[] { new TextEdit(document.Path, diagnostic.Location.Span, suggestion) }, IsPreferred: true));
            }
            if (diagnostic.Code == DiagnosticCatalogue.UndeclaredNameDescriptor.Code &&
                document.Model.Unresolved.FirstOrDefault(u => u.Source.Path == document.Path && u.Span == diagnostic.Location.Span) is { } name &&
                Declaration(name) is { } declaration)
            {
                string text = document.Source.Text;
                string prefix = text.Length == 0 || text.EndsWith('\n') ? "" : "\n";
                fixes.Add(new QuickFix($"Declare {name.Kind} '{name.Name}'", diagnostic,
                    new[] { new TextEdit(document.Path, new TextSpan(text.Length, 0), prefix + declaration + "\n") }, IsPreferred: false));
            }
        }
        // One name can carry two diagnostics with the same suggestion (an invalid and an undeclared name).
        return fixes.DistinctBy(f => (f.Title, string.Join("|", f.Edits.Select(e => $"{e.Path}:{e.Span}:{e.NewText}")))).ToList();
    }

    private static bool Overlaps(TextSpan a, TextSpan b) => a.Start <= b.End && b.Start <= a.End;

    private static string? Declaration(UnresolvedName name) => name.Kind switch
    {
        "recommendation" => $"recommendation {name.Name} \"\"",
        "score" => $"score {name.Name} = 0 \"\"",
        "fact" => name.ExpectedType switch
        {
            FactType.Number => $"fact {name.Name}: number \"\"",
            FactType.OneOf => $"fact {name.Name}: one of value \"\"",
            FactType.AnyOf => $"fact {name.Name}: any of value \"\"",
            _ => $"fact {name.Name}: bool \"\"",
        },
        _ => null,
    };
}
