using BackPainRules.Diagnostics;
using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>
/// SPEC §4: a concluded fact is defined by the rules that conclude it and a score by its expression,
/// so neither may depend on itself, through those rules' conditions (<c>known</c> and <c>count of</c>
/// included) or through other scores. A cycle that closes at a concluded fact is reported at the
/// <c>conclude</c> that closes it; one that closes at a score, at the score's name.
/// </summary>
internal static class ConclusionCycles
{
    public static IEnumerable<Diagnostic> Find(RuleSetModel model)
    {
        // Edges: a concluded fact or a score -> (a concluded fact or score it is defined from, the rule that reads it, if any).
        var edges = new Dictionary<Symbol, List<(Symbol To, RuleSymbol? Rule)>>();
        foreach (var rule in model.Rules)
        {
            var reads = Reads(BoundTree.FactsRead(rule.Condition), BoundTree.ScoresRead(rule.Condition));
            foreach (var fact in rule.Concludes) EdgesOf(fact).AddRange(reads.Select(r => (r, (RuleSymbol?)rule)));
        }
        foreach (var score in model.Scores.Where(s => s.Expression is not null))
        {
            var reads = Reads(BoundTree.FactsRead(score.Expression), BoundTree.ScoresRead(score.Expression));
            EdgesOf(score).AddRange(reads.Select(r => (r, (RuleSymbol?)null)));
        }

        var state = new Dictionary<Symbol, bool>(); // false: on the stack; true: finished
        var stack = new List<Symbol>();
        var found = new List<Diagnostic>();
        foreach (var start in model.Facts.Where(f => f.IsConcluded).Cast<Symbol>().Concat(model.Scores))
        {
            Visit(start);
        }
        return found;

        List<(Symbol To, RuleSymbol? Rule)> EdgesOf(Symbol symbol) =>
            edges.TryGetValue(symbol, out var list) ? list : edges[symbol] = new();

        void Visit(Symbol node)
        {
            if (state.ContainsKey(node)) return;
            state[node] = false;
            stack.Add(node);
            foreach (var (to, rule) in edges.GetValueOrDefault(node) ?? new())
            {
                if (state.TryGetValue(to, out bool finished))
                {
                    if (!finished) found.Add(Cycle(node, rule, stack.Skip(stack.IndexOf(to)).Append(to).Select(s => s.Name)));
                    continue;
                }
                Visit(to);
            }
            stack.RemoveAt(stack.Count - 1);
            state[node] = true;
        }
    }

    private static List<Symbol> Reads(IEnumerable<FactSymbol> facts, IEnumerable<ScoreSymbol> scores) =>
        facts.Where(f => f.IsConcluded).Cast<Symbol>().Concat(scores).Distinct().ToList();

    private static Diagnostic Cycle(Symbol closing, RuleSymbol? rule, IEnumerable<string> path)
    {
        if (closing is ScoreSymbol score)
        {
            return DiagnosticCatalogue.ConclusionCycle(SourceLocation.Of(score.Source, score.Syntax.Name.Span), path);
        }
        var at = rule!.Syntax.Actions.Where(a => a.Kind == ActionKind.Conclude)
            .SelectMany(a => a.Targets).First(t => t.Text == closing.Name);
        return DiagnosticCatalogue.ConclusionCycle(SourceLocation.Of(rule.Source, at.Span), path);
    }
}
