using System.Text;
using System.Text.Json;
using BackPainRules.Compilation;
using BackPainRules.Profiles;
using BackPainRules.Semantics;
using Hl7.Fhir.Model;

namespace BackPainRules.Fhir;

/// <summary>
/// The answers of a QuestionnaireResponse as a profile (SPEC §5), item <c>linkId</c> = fact name:
/// <c>valueBoolean</c> for a bool, <c>valueDecimal</c>/<c>valueInteger</c> (or a Quantity's value) for a number,
/// <c>valueCoding.code</c> (or <c>valueString</c>) for a <c>one of</c> value, and one answer per value for an
/// <c>any of</c> fact. An item without an answer is unknown.
/// </summary>
/// <remarks>
/// The answers are written as profile JSON and read by the library's own profile reader, so a wrong type, a
/// number out of range or an undeclared value is the same diagnostic (code, fact) as in a profile file; the
/// mapping itself decides nothing about the values.
/// </remarks>
public static class QuestionnaireAnswers
{
    /// <summary>The profile JSON the answers map to, and the profile read from it by <paramref name="rules"/>.</summary>
    public static (string ProfileJson, ProfileReadResult Read) ToProfile(QuestionnaireResponse response, CompiledRuleSet rules, string name)
    {
        string json = ProfileJson(response, rules.Model, name);
        return (json, rules.ReadProfile(json, name));
    }

    /// <summary>The profile JSON for the answers: one key per answered item, in the order the items come, named by <c>$id</c>.</summary>
    public static string ProfileJson(QuestionnaireResponse response, RuleSetModel model, string name)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("$id", name);
            foreach (var item in AnsweredItems(response.Item))
            {
                // A linkId answered twice (a repeated group, say) is the profile reader's duplicate key, reported there.
                json.WritePropertyName(item.LinkId!);
                var fact = model.Lookup(item.LinkId!) as FactSymbol;
                var answers = item.Answer.Select(a => a.Value).OfType<DataType>().ToList();
                if (fact?.Type == FactType.AnyOf || answers.Count > 1)
                {
                    json.WriteStartArray();
                    foreach (var answer in answers) WriteValue(json, answer);
                    json.WriteEndArray();
                }
                else
                {
                    WriteValue(json, answers[0]);
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Every item with at least one answer, nested items (under groups and under answers) included, in document order.</summary>
    private static IEnumerable<QuestionnaireResponse.ItemComponent> AnsweredItems(IEnumerable<QuestionnaireResponse.ItemComponent> items)
    {
        foreach (var item in items)
        {
            if (!string.IsNullOrEmpty(item.LinkId) && item.Answer.Any(a => a.Value is not null)) yield return item;
            foreach (var nested in AnsweredItems(item.Item)) yield return nested;
            foreach (var answer in item.Answer)
            {
                foreach (var nested in AnsweredItems(answer.Item)) yield return nested;
            }
        }
    }

    /// <summary>An answer as the JSON value a profile gives; a kind of answer no fact takes is written as its text, for the reader to reject with the fact's expected type.</summary>
    private static void WriteValue(Utf8JsonWriter json, DataType value)
    {
        switch (value)
        {
            case FhirBoolean { Value: { } b }:
                json.WriteBooleanValue(b);
                break;
            case FhirDecimal { Value: { } d }:
                json.WriteNumberValue(d);
                break;
            case Integer { Value: { } i }:
                json.WriteNumberValue(i);
                break;
            case Quantity { Value: { } q }:
                json.WriteNumberValue(q);
                break;
            case Coding coding:
                json.WriteStringValue(coding.Code ?? coding.Display ?? "");
                break;
            case FhirString { Value: { } s }:
                json.WriteStringValue(s);
                break;
            case PrimitiveType primitive when primitive.JsonValue is not null:
                json.WriteStringValue(primitive.ToString());
                break;
            default:
                json.WriteStringValue(value.TypeName);
                break;
        }
    }
}
