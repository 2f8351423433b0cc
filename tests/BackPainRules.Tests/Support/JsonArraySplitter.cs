using BackPainRules.Profiles;

namespace BackPainRules.Tests.Support;

/// <summary>
/// Finds the items of a top-level JSON array without parsing them, so each item can be read on its own
/// and invalid JSON in one profile of a batch loses only that profile (SPEC §5). It tracks only strings
/// and bracket depth; whatever is malformed inside an item is left for the real reader to report.
/// </summary>
internal static class JsonArraySplitter
{
    /// <summary>The items as (start, length) byte ranges, and a problem with the array itself, if any.</summary>
    public sealed record Result(List<(int Start, int Length)> Items, (int Offset, JsonArrayProblem Problem)? Problem);

    /// <summary>The array's items, or null when the document is not an array (it is then read as one profile).</summary>
    public static Result? Split(byte[] json)
    {
        int i = SkipWhitespace(json, 0);
        if (i >= json.Length || json[i] != (byte)'[') return null;
        var items = new List<(int, int)>();
        i++;
        int itemStart = i;
        int depth = 0;
        bool sawContent = false;
        for (; i < json.Length; i++)
        {
            byte b = json[i];
            switch (b)
            {
                case (byte)'"':
                    i = SkipString(json, i);
                    sawContent = true;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    sawContent = true;
                    break;
                case (byte)'}' or (byte)']' when depth > 0:
                    depth--;
                    break;
                case (byte)']':
                    if (sawContent) items.Add(Trim(json, itemStart, i));
                    int after = SkipWhitespace(json, i + 1);
                    return new Result(items, after < json.Length ? (after, JsonArrayProblem.ContentAfterArray) : null);
                case (byte)',' when depth == 0:
                    items.Add(Trim(json, itemStart, i));
                    itemStart = i + 1;
                    sawContent = false;
                    break;
                default:
                    if (!IsWhitespace(b)) sawContent = true;
                    break;
            }
        }
        // No closing bracket: the last item runs to the end, where its reader will report what is missing.
        if (sawContent) items.Add(Trim(json, itemStart, json.Length));
        return new Result(items, sawContent ? null : (json.Length, JsonArrayProblem.NotClosed));
    }

    private static int SkipString(byte[] json, int quote)
    {
        for (int i = quote + 1; i < json.Length; i++)
        {
            if (json[i] == (byte)'\\') i++;
            else if (json[i] == (byte)'"') return i;
        }
        return json.Length - 1;
    }

    private static (int, int) Trim(byte[] json, int start, int end)
    {
        while (start < end && IsWhitespace(json[start])) start++;
        while (end > start && IsWhitespace(json[end - 1])) end--;
        return (start, end - start);
    }

    private static int SkipWhitespace(byte[] json, int i)
    {
        while (i < json.Length && IsWhitespace(json[i])) i++;
        return i;
    }

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
