using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;

namespace BackPainRules.Semantics;

/// <summary>
/// What <c>rules check</c> and the language server report for a set of files: each file is checked
/// as its own root (SPEC §1), and the diagnostics of all of them are merged without repeats.
/// </summary>
public static class Checker
{
    private static readonly ImmutableHashSet<string> UnusedCodes = ImmutableHashSet.Create(
        DiagnosticCatalogue.UnusedFactDescriptor.Code, DiagnosticCatalogue.UnusedRecommendationDescriptor.Code);

    /// <summary>Checks every <c>.rules</c> file the paths name (files or folders).</summary>
    public static ImmutableArray<Diagnostic> Check(IEnumerable<string> paths, IFileSystem? fileSystem = null) =>
        Check(paths.SelectMany(RuleSetLoader.ExpandPath), fileSystem);

    /// <summary>Checks each root on its own and merges the results in reading order.</summary>
    public static ImmutableArray<Diagnostic> Check(IEnumerable<RootFile> roots, IFileSystem? fileSystem = null) =>
        Merge(roots.Select(root => Binder.Bind(RuleSetLoader.Load(new[] { root }, fileSystem))).ToList());

    /// <summary>Merges the diagnostics of rule sets each bound from one root, as <c>rules check</c> reports them.</summary>
    public static ImmutableArray<Diagnostic> Merge(IReadOnlyList<RuleSetModel> models)
    {
        var merged = new HashSet<Diagnostic>();
        foreach (var model in models)
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                // A vocabulary file checked alone uses none of its facts; a declaration is unused only
                // if it is unused in every rule set that includes its file.
                if (UnusedCodes.Contains(diagnostic.Code) && !UnusedEverywhere(diagnostic, models)) continue;
                merged.Add(diagnostic);
            }
        }
        return merged.Order(Diagnostic.ReadingOrder).ToImmutableArray();
    }

    private static bool UnusedEverywhere(Diagnostic diagnostic, IReadOnlyList<RuleSetModel> models) =>
        models.Where(m => m.Sources.Files.Any(f => f.Source.Path == diagnostic.Location.Path))
            .All(m => m.Diagnostics.Contains(diagnostic));
}
