using BackPainRules.Loading;

namespace BackPainRules.Tests.Loading;

public class FolderFileSystemTests
{
    [Test]
    public void Only_files_below_the_folder_exist_and_can_be_read_even_through_dot_dot_and_links()
    {
        var folder = Directory.CreateTempSubdirectory("bpr-folder-");
        var outside = Directory.CreateTempSubdirectory("bpr-outside-");
        try
        {
            string inside = Path.Combine(folder.FullName, "a.rules");
            string secret = Path.Combine(outside.FullName, "secret.rules");
            File.WriteAllText(inside, "fact a: bool\n");
            File.WriteAllText(secret, "secret");
            string link = Path.Combine(folder.FullName, "link.rules");
            File.CreateSymbolicLink(link, secret);
            var files = new FolderFileSystem(folder.FullName);

            files.FileExists(inside).Should().BeTrue();
            files.ReadAllText(inside).Should().Be("fact a: bool\n");
            files.FileExists(secret).Should().BeFalse();
            files.FileExists(Path.Combine(folder.FullName, "..", outside.Name, "secret.rules")).Should().BeFalse();
            files.FileExists(link).Should().BeFalse("a link inside pointing outside is outside");
            files.Invoking(f => f.ReadAllText(secret)).Should().Throw<UnauthorizedAccessException>();
            files.Invoking(f => f.ReadAllText(link)).Should().Throw<UnauthorizedAccessException>();
            // A sibling folder whose name starts with the folder's name is not inside it.
            new FolderFileSystem(folder.FullName.TrimEnd('/') + "x").FileExists(inside).Should().BeFalse();
        }
        finally
        {
            folder.Delete(recursive: true);
            outside.Delete(recursive: true);
        }
    }
}
