using BackPainRules;
using SharpFuzz;

// AFL++ feeds inputs on stdin; an exception that escapes is a crash it records. Two targets:
//   rules    - rule text through the parser, the checker, the formatter and (if it checks) evaluation
//   profile  - profile JSON through the reader and evaluation against the built-in rule set
// Usage: dotnet BackPainRules.Fuzz.dll rules|profile   (see fuzz.sh)
string target = args.Length > 0 ? args[0] : "rules";
// Instrumented code may only run inside Fuzzer.Run (it writes to AFL's shared memory), so nothing of the
// library is touched before.
BackPainRules.Compilation.CompiledRuleSet? builtIn = null;

Fuzzer.OutOfProcess.Run(stream =>
{
    string text;
    using (var reader = new StreamReader(stream))
    {
        text = reader.ReadToEnd();
    }
    if (target == "profile")
    {
        builtIn ??= RuleSet.BuiltIn.Compile();
        var read = builtIn.ReadProfile(text, "fuzz.json");
        if (read.Profile is not null) builtIn.Evaluate(read.Profile).ToJson();
        return;
    }
    var ruleSet = RuleSet.FromText(text, "fuzz.rules");
    BackPainRules.Formatting.RulesFormatter.Format(text, "fuzz.rules");
    if (!ruleSet.HasErrors)
    {
        var compiled = ruleSet.Compile();
        var empty = compiled.ReadProfile("{}").Profile!;
        compiled.Evaluate(empty).ToJson();
        compiled.Explain(empty);
    }
});
