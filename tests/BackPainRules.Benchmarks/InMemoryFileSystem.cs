using BackPainRules.Loading;

namespace BackPainRules.Benchmarks;

/// <summary>Files held in memory, so the library benchmarks measure analysis, not the disk.</summary>
public sealed class InMemoryFileSystem : IFileSystem
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);

    public string this[string fullPath]
    {
        get => files[fullPath];
        set => files[fullPath] = value;
    }

    public bool FileExists(string fullPath) => files.ContainsKey(fullPath);

    public string ReadAllText(string fullPath) =>
        files.TryGetValue(fullPath, out var text) ? text : throw new FileNotFoundException("not in memory", fullPath);
}
