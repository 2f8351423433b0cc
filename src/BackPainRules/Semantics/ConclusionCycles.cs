using BackPainRules.Diagnostics;
using BackPainRules.Syntax;

namespace BackPainRules.Semantics;

/// <summary>
/// SPEC §4: a concluded fact is defined by the rules that conclude it, so a fact may not depend on
/// itself through those rules' conditions (<c>known</c> included). Each cycle is reported at the
/// <c>conclude</c> that closes it.
/// </summary>
internal static class ConclusionCycles
{
    public static IEnumerable<Diagnostic> Find(RuleSetModel model)
    {
        // Edges: concluded fact -> (concluded fact its defining rule reads, that rule).
        var edges = new Dictionary<FactSymbol, List<(FactSymbol To, RuleSymbol Rule)>>();
        foreach (var rule in model.Rules)
        {
            var reads = BoundTree.FactsRead(rule.Condition).Where(f => f.IsConcluded).Distinct().ToList();
            foreach (var fact in rule.Concludes)
            {
                if (!edges.TryGetValue(fact, out var list)) edges[fact] = list = new();
                list.AddRange(reads.Select(r => (r, rule)));
            }
        }

        var state = new Dictionary<FactSymbol, bool>(); // false: on the stack; true: finished
        var stack = new List<FactSymbol>();
        var found = new List<Diagnostic>();
        foreach (var start in model.Facts.Where(f => f.IsConcluded))
        {
            Visit(start);
        }
        return found;

        void Visit(FactSymbol fact)
        {
            if (state.ContainsKey(fact)) return;
            state[fact] = false;
            stack.Add(fact);
            foreach (var (to, rule) in edges.GetValueOrDefault(fact) ?? new())
            {
                if (state.TryGetValue(to, out bool finished))
                {
                    if (!finished)
                    {
                        var path = stack.Skip(stack.IndexOf(to)).Append(to).Select(f => f.Name);
                        var at = rule.Syntax.Actions.Where(a => a.Kind == ActionKind.Conclude)
                            .SelectMany(a => a.Targets).First(t => t.Text == fact.Name);
                        found.Add(DiagnosticCatalogue.ConclusionCycle(SourceLocation.Of(rule.Source, at.Span), path));
                    }
                    continue;
                }
                Visit(to);
            }
            stack.RemoveAt(stack.Count - 1);
            state[fact] = true;
        }
    }
}
