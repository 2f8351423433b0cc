using System.Text.Json;

namespace BackPainRules.Diagnostics;

/// <summary>
/// The four types of fact, as diagnostics name them. It mirrors <c>Semantics.FactType</c> so that the catalogue
/// depends on nothing but <c>Text</c>; <c>FactSymbol</c> maps one onto the other.
/// </summary>
internal enum FactKind
{
    Bool,
    Number,
    OneOf,
    AnyOf,
}

/// <summary>
/// A diagnostic about one evaluation, which points at no place in a file (BPR4xx): its code and message.
/// The evaluation turns it into an <c>EvaluationWarning</c>.
/// </summary>
internal readonly record struct CodedMessage(string Code, string Message);

/// <summary>A JSON value as a profile diagnostic shows it: its kind, and for a string or a number its raw text.</summary>
internal readonly record struct FoundJson(JsonTokenType Type, string? Text);
