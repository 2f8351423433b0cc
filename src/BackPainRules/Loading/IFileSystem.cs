namespace BackPainRules.Loading;

/// <summary>
/// Where rule files are read from. The command line reads the disk; the language server puts the
/// editor's unsaved buffers in front of it, so a file is checked as the clinician sees it.
/// </summary>
public interface IFileSystem
{
    /// <summary>Whether a file exists at a full path.</summary>
    bool FileExists(string fullPath);

    /// <summary>Reads a whole file as text. May throw <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    string ReadAllText(string fullPath);
}

/// <summary>The real disk.</summary>
public sealed class PhysicalFileSystem : IFileSystem
{
    /// <summary>The one instance.</summary>
    public static PhysicalFileSystem Instance { get; } = new();

    private PhysicalFileSystem() { }

    /// <inheritdoc/>
    public bool FileExists(string fullPath) => File.Exists(fullPath);

    /// <inheritdoc/>
    public string ReadAllText(string fullPath) => File.ReadAllText(fullPath);
}
