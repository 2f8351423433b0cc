namespace BackPainRules.Benchmarks;

/// <summary>
/// The first built-in rule set (examples/lower-back-pain.rules before issue #13), frozen in
/// Data/lower-back-pain-v1.rules. The hand-written peers (Peers/BuiltInHandWritten*.cs, PeerModel.cs)
/// mirror that version rule for rule, so the "built-in" benchmarks compare against it rather than
/// against today's <see cref="RuleSet.BuiltIn"/>, which was rewritten for clinical safety.
/// </summary>
public static class FrozenBuiltIn
{
    public const string FileName = "lower-back-pain-v1.rules";

    public static RuleSet Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", FileName);
        return RuleSet.FromText(File.ReadAllText(path), "lower-back-pain.rules");
    }
}
