using System.Collections.Immutable;
using BackPainRules.Diagnostics;
using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Loading;

/// <summary>One top-level item and the file it came from.</summary>
public sealed record SourceItem(TopLevelSyntax Syntax, SourceText Source);

/// <summary>
/// The parsed files of a rule set and its items in rule-set order: root files in the order given,
/// each imported file's items standing where its first <c>import</c> stands (SPEC §1).
/// </summary>
/// <param name="Files">Every file of the rule set, each once, in the order first reached.</param>
/// <param name="Items">Every item in rule-set order (imports included, as markers).</param>
/// <param name="Diagnostics">Syntax and import diagnostics.</param>
public sealed record RuleSetSources(
    ImmutableArray<RulesFileSyntax> Files,
    ImmutableArray<SourceItem> Items,
    ImmutableArray<Diagnostic> Diagnostics);
