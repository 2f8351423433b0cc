using BackPainRules.Semantics;
using BackPainRules.Syntax;

namespace BackPainRules.Evaluation;

/// <summary>One unanswered input question that could change the advice.</summary>
/// <param name="Fact">The input fact's name.</param>
/// <param name="Question">The question in the rule set's own words: the fact's description, else its name.</param>
/// <param name="Priority">The most urgent advice it could decide (of the undetermined rules and withheld items waiting for it, leaving out advice the result already gives and advice whose <c>unless</c> is already true, which no answer can give), or null when it decides only rules that give no new advice.</param>
/// <param name="Decides">The undetermined rules whose missing facts include it, in source order.</param>
/// <param name="Withheld">The withheld recommendations waiting for it, in the result's order.</param>
public sealed record AskNextQuestion(string Fact, string Question, Priority? Priority, IReadOnlyList<string> Decides, IReadOnlyList<string> Withheld);

/// <summary>
/// "Ask next": the unanswered input questions of a result, most urgent advice first, then those that
/// decide the most rules, then in declaration order. Only input facts are asked: a concluded fact is
/// never a question (the missing lists already name the inputs behind it).
/// </summary>
public static class AskNext
{
    /// <summary>The ordered questions of one evaluated profile.</summary>
    internal static IReadOnlyList<AskNextQuestion> Of(ProfileEvaluation evaluation)
    {
        var result = evaluation.Result;
        var model = evaluation.Model;
        var rules = model.Rules.ToDictionary(r => r.Id);
        var facts = new Dictionary<string, (FactSymbol Fact, int Best, List<string> Rules, List<string> Withheld)>();

        bool Add(string name, out (FactSymbol Fact, int Best, List<string> Rules, List<string> Withheld) entry)
        {
            if (facts.TryGetValue(name, out entry)) return true;
            if (model.Lookup(name) is not FactSymbol { IsConcluded: false } fact) return false;
            entry = (fact, int.MaxValue, new List<string>(), new List<string>());
            facts[name] = entry;
            return true;
        }

        // Advice already given cannot be decided again, and advice whose `unless` is already true (a red
        // flag present) cannot be given whatever the answer: only the rest counts towards a question's
        // urgency, so a runner with a red flag is not asked first about the exercise advice it blocks.
        var settled = result.Recommendations.Select(r => r.Id).Concat(result.Avoid.Select(r => r.Id)).ToHashSet();
        foreach (var recommendation in model.Recommendations)
        {
            if (recommendation.Unless is not null && evaluation.Contraindicated(recommendation) == Truth.True) settled.Add(recommendation.Name);
        }
        foreach (var rule in result.Undetermined)
        {
            int priority = rules.TryGetValue(rule.Rule, out var symbol) ? RulePriority(symbol) : int.MaxValue;
            foreach (string name in rule.Missing)
            {
                if (!Add(name, out var entry)) continue;
                entry.Rules.Add(rule.Rule);
                facts[name] = entry with { Best = Math.Min(entry.Best, priority) };
            }
        }
        foreach (var item in result.Withheld)
        {
            foreach (string name in item.Missing)
            {
                if (!Add(name, out var entry)) continue;
                entry.Withheld.Add(item.Id);
                facts[name] = entry with { Best = Math.Min(entry.Best, (int)item.Priority) };
            }
        }

        return facts.Values
            .OrderBy(e => e.Best)
            .ThenByDescending(e => e.Rules.Count)
            .ThenByDescending(e => e.Withheld.Count)
            .ThenBy(e => e.Fact.Index)
            .Select(e => new AskNextQuestion(e.Fact.Name, e.Fact.Description ?? e.Fact.Name,
                e.Best == int.MaxValue ? null : (Priority)e.Best, e.Rules, e.Withheld))
            .ToList();

        int RulePriority(RuleSymbol rule)
        {
            int best = int.MaxValue;
            foreach (var r in rule.Recommends.Where(r => !settled.Contains(r.Name))) best = Math.Min(best, (int)r.Priority);
            // An avoid is never withheld, so a blocked recommendation can still be decided as one to avoid.
            foreach (var r in rule.Avoids.Where(r => !result.Avoid.Any(a => a.Id == r.Name))) best = Math.Min(best, (int)r.Priority);
            return best;
        }
    }
}
