using System.Text;
using BackPainRules.Profiles;

namespace BackPainRules.Tests.Support;

/// <summary>
/// The reference for the streaming reader: a whole JSON document read as text, one object, or an
/// array of objects named <c>FILE[i]</c>, cut into its items (by <see cref="JsonArraySplitter"/>)
/// before any is parsed, so invalid JSON in one item loses only that item. The library reads files
/// and streams with <c>ProfileReader.ReadJson</c>, which must give the same results without holding
/// the text.
/// </summary>
internal static class WholeTextProfileReader
{
    public static IReadOnlyList<ProfileReadResult> ReadDocument(ProfileLayout layout, string text, string path, bool strict)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text);
        if (JsonArraySplitter.Split(bytes) is not { } array)
        {
            return new[] { ProfileReader.ReadSlice(layout, bytes, 0, bytes.Length, path, path, strict) };
        }
        var results = new List<ProfileReadResult>();
        for (int i = 0; i < array.Items.Count; i++)
        {
            var (start, length) = array.Items[i];
            results.Add(ProfileReader.ReadSlice(layout, bytes, start, length, path, $"{path}[{i}]", strict));
        }
        if (array.Problem is { } problem)
        {
            results.Add(ProfileReader.InvalidArrayAt(bytes, problem.Offset, path, problem.Problem));
        }
        return results;
    }
}
