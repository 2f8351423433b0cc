using System.Collections.Immutable;
using BackPainRules.Compilation;
using BackPainRules.Diagnostics;
using BackPainRules.Loading;
using BackPainRules.Semantics;

namespace BackPainRules;

/// <summary>
/// The entry point for hosts: load a rule set from files or text, look at its diagnostics, and
/// compile it for evaluation. Loading never throws for bad rule text; problems are diagnostics.
/// </summary>
/// <example>
/// <code>
/// var ruleSet = RuleSet.Load("rules/lower-back-pain.rules");
/// if (ruleSet.HasErrors) { foreach (var d in ruleSet.Diagnostics) Console.Error.WriteLine(d); return; }
/// CompiledRuleSet rules = ruleSet.Compile();
/// EvaluationResult result = rules.Evaluate("{\"overstride\": true}");
/// </code>
/// </example>
public sealed class RuleSet
{
    /// <summary>The name the built-in rule set's file has, which gives its unnamed rules ids such as <c>lower-back-pain:14</c>.</summary>
    public const string BuiltInFileName = "lower-back-pain.rules";

    private static readonly Lazy<RuleSet> builtIn = new(LoadBuiltIn);
    private readonly Lazy<CompiledRuleSet> compiled;
    private readonly Lazy<string> version;

    private RuleSet(RuleSetModel model)
    {
        Model = model;
        compiled = new Lazy<CompiledRuleSet>(() => CompiledRuleSet.Compile(model));
        version = new Lazy<string>(() => ContentHash(model));
    }

    /// <summary>
    /// A content hash that names exactly these rules: the SHA-256 (lower-case hex) of every file's name
    /// and text, in rule-set order. Where the files sit does not change it, so replicas that mount the same
    /// files at other paths report the same version; an answer carrying it can be traced to its rules.
    /// </summary>
    /// <remarks>The file name is part of it because unnamed rules take their ids from it (<c>FILESTEM:LINE</c>).</remarks>
    public string Version => version.Value;

    /// <summary>The bound model: symbols, rules, tests.</summary>
    public RuleSetModel Model { get; }

    /// <summary>Every diagnostic of the rule set, in reading order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics => Model.Diagnostics;

    /// <summary>Whether any diagnostic is an error; such a rule set cannot be compiled.</summary>
    public bool HasErrors => Model.HasErrors;

    /// <summary>The built-in lower-back-pain rule set, shipped inside the library.</summary>
    public static RuleSet BuiltIn => builtIn.Value;

    /// <summary>The text of the built-in rule set's file (<see cref="BuiltInFileName"/>), as shipped.</summary>
    public static string BuiltInText => BuiltIn.Model.Sources.Files[0].Source.Text;

    /// <summary>
    /// Loads one rule set from files and folders (a folder contributes every <c>.rules</c> file below it,
    /// in ordinal order), merged in the order given, with their imports.
    /// </summary>
    public static RuleSet Load(params string[] paths) => Load(paths, null);

    /// <summary>Loads one rule set from files and folders through a file system of the host's choosing.</summary>
    public static RuleSet Load(IEnumerable<string> paths, IFileSystem? fileSystem) =>
        Load(paths.SelectMany(RuleSetLoader.ExpandPath), fileSystem);

    /// <summary>Loads one rule set from explicit roots (each with its own import root, and optionally its text).</summary>
    public static RuleSet Load(IEnumerable<RootFile> roots, IFileSystem? fileSystem = null) =>
        new(Binder.Bind(RuleSetLoader.Load(roots, fileSystem)));

    /// <summary>
    /// Loads a rule set from text. <paramref name="path"/> names it in messages and gives unnamed rules their
    /// ids (<c>FILESTEM:LINE</c>); imports, if any, are read relative to it.
    /// </summary>
    public static RuleSet FromText(string text, string path = "rules.rules") =>
        Load(new[] { new RootFile(path, Text: text) });

    /// <summary>The compiled form, built once on first use. Throws <see cref="InvalidOperationException"/> if <see cref="HasErrors"/>.</summary>
    public CompiledRuleSet Compile() => compiled.Value;

    private static string ContentHash(RuleSetModel model)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in model.Sources.Files)
        {
            // Each part is ended by a NUL, so a file's name cannot run into its text or the next file's (a NUL in rule text is a syntax error anyway).
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file.Source.Path) + "\0"));
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file.Source.Text + "\0"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static RuleSet LoadBuiltIn()
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream("BackPainRules." + BuiltInFileName)
            ?? throw new InvalidOperationException("The built-in rule set is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return FromText(reader.ReadToEnd(), BuiltInFileName);
    }
}
