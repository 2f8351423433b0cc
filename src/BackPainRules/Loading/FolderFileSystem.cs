namespace BackPainRules.Loading;

/// <summary>
/// The disk, seen only below one folder: what a rule text from the web (the playground of
/// <c>rules serve</c>) may import. A path outside the folder does not exist and cannot be read, so no
/// <c>import "/etc/passwd"</c> shows a stranger a line of a file it was not given.
/// </summary>
public sealed class FolderFileSystem : IFileSystem
{
    private readonly string root;

    /// <summary>Reads below <paramref name="folder"/> (made absolute).</summary>
    public FolderFileSystem(string folder)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
    }

    /// <summary>Whether <paramref name="fullPath"/> lies below the folder, after resolving '..' and, where the file exists, symbolic links.</summary>
    public bool Contains(string fullPath)
    {
        string full = Path.GetFullPath(fullPath);
        if (!full.StartsWith(root, StringComparison.Ordinal)) return false;
        try
        {
            // A link inside the folder pointing outside it is outside.
            var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target is null || Path.GetFullPath(target.FullName).StartsWith(root, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool FileExists(string fullPath) => Contains(fullPath) && File.Exists(fullPath);

    /// <inheritdoc/>
    public string ReadAllText(string fullPath) => Contains(fullPath)
        ? File.ReadAllText(fullPath)
        : throw new UnauthorizedAccessException("only files in the served folder can be read");
}
