using BackPainRules.Syntax;
using BackPainRules.Text;

namespace BackPainRules.Parsing;

/// <summary>
/// Remembers each file's last parse so that parsing it again after an edit only runs the grammar on
/// the items whose text changed. An editor re-parses a file on every change; all but one or two of
/// its items are as they were, perhaps moved. The result is always exactly what
/// <see cref="RulesParser.Parse(SourceText)"/> returns for the same text, every span and diagnostic
/// included. Files are told apart by a key (the language server uses the full path). Safe to use
/// from several threads; a file parsed on two threads at once is simply parsed twice.
/// </summary>
public sealed class ParseCache
{
    private readonly object gate = new();
    private readonly Dictionary<string, CachedFile> files = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="source"/>, reusing the items of the last parse under <paramref name="key"/> whose text did not change.</summary>
    public RulesFileSyntax Parse(string key, SourceText source)
    {
        CachedFile? previous;
        lock (gate) files.TryGetValue(key, out previous);
        // The same text again (an importer's analysis reading a file that did not change): the same syntax.
        if (previous is not null && previous.Syntax.Source.Path == source.Path && previous.Syntax.Source.Text == source.Text)
        {
            return previous.Syntax;
        }
        var reuse = new ItemReuse(previous?.Items);
        var syntax = RulesParser.Parse(source, reuse);
        lock (gate) files[key] = new CachedFile(syntax, reuse.Kept);
        return syntax;
    }

    /// <summary>Forgets a file (a document the editor closed), so its syntax is not kept alive.</summary>
    public void Forget(string key)
    {
        lock (gate) files.Remove(key);
    }

    /// <summary>The last parse of a file and its reusable items by their text.</summary>
    private sealed record CachedFile(RulesFileSyntax Syntax, Dictionary<string, ReusableItem> Items);
}

/// <summary>An item that parsed cleanly, and the offset of its first token in the text it was parsed (or last moved) in.</summary>
internal readonly record struct ReusableItem(TopLevelSyntax Syntax, int Start);

/// <summary>
/// One parse's look-up of the previous parse's items, and the collection of this parse's items for the
/// next one. Items are keyed by their text, from their first token's start to their last token's end.
/// </summary>
/// <remarks>
/// Why equal text means an equal parse: an item starts at a token, and lexing from a token start only
/// looks ahead as far as the token it is reading, so equal text gives equal tokens at equal relative
/// offsets, the last token included. The one token property that depends on text outside the item is a
/// <c>(</c>'s <see cref="Token.OpensExpression"/>, which looks after its matching <c>)</c>; when the
/// item's parentheses balance, that <c>)</c> is inside the item and the token after it is either inside
/// too or starts the next item (a word, never an operator). Items with unbalanced parentheses are
/// therefore never reused. Only items that parsed cleanly are kept: a syntax error's message names the
/// token after the item, which lies outside it.
/// </remarks>
internal sealed class ItemReuse
{
    private readonly Dictionary<string, ReusableItem>.AlternateLookup<ReadOnlySpan<char>>? previous;

    public ItemReuse(Dictionary<string, ReusableItem>? previous)
    {
        if (previous is not null) this.previous = previous.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>This parse's clean items, to be reused by the next parse. Items of the previous parse not seen again are dropped.</summary>
    public Dictionary<string, ReusableItem> Kept { get; } = new(StringComparer.Ordinal);

    /// <summary>The previous parse of the item made of <paramref name="tokens"/>[<paramref name="start"/>..<paramref name="end"/>), moved to where it is now, if there is one.</summary>
    public TopLevelSyntax? Find(string text, Token[] tokens, int start, int end)
    {
        if (previous is not { } lookup) return null;
        var span = TextSpan.Between(tokens[start].Span, tokens[end - 1].Span);
        if (!lookup.TryGetValue(text.AsSpan(span.Start, span.Length), out string? key, out var item)) return null;
        if (!ParenthesesBalance(tokens, start, end)) return null;
        var moved = item.Start == span.Start ? item : new ReusableItem(SyntaxShifter.Shift(item.Syntax, span.Start - item.Start), span.Start);
        Kept[key] = moved;
        return moved.Syntax;
    }

    /// <summary>Keeps an item that just parsed cleanly for the next parse.</summary>
    public void Keep(string text, Token[] tokens, int start, int end, TopLevelSyntax syntax)
    {
        var span = TextSpan.Between(tokens[start].Span, tokens[end - 1].Span);
        Kept[text.Substring(span.Start, span.Length)] = new ReusableItem(syntax, span.Start);
    }

    private static bool ParenthesesBalance(Token[] tokens, int start, int end)
    {
        int depth = 0;
        for (int i = start; i < end; i++)
        {
            if (tokens[i].Kind == TokenKind.OpenParen) depth++;
            else if (tokens[i].Kind == TokenKind.CloseParen && --depth < 0) return false;
        }
        return depth == 0;
    }
}
