using BackPainRules.Semantics;
using Newtonsoft.Json.Linq;

namespace BackPainRules.Schema;

/// <summary>
/// The JSON Schema (draft 2020-12) of a profile for a rule set: each fact with its type, range or
/// values and description, <c>null</c> allowed for unknown, <c>$</c>-metadata allowed, and any other
/// key flagged, so editors can check and complete profiles.
/// </summary>
public static class ProfileSchema
{
    /// <summary>The schema as an indented JSON document.</summary>
    public static string Generate(RuleSetModel model, string title) => Build(model, title).ToString(Newtonsoft.Json.Formatting.Indented);

    /// <summary>The schema as a Newtonsoft object.</summary>
    public static JObject Build(RuleSetModel model, string title)
    {
        var properties = new JObject
        {
            ["$id"] = new JObject { ["type"] = "string", ["description"] = "Names the profile in results." },
        };
        foreach (var fact in model.Facts)
        {
            properties[fact.Name] = Property(fact);
        }
        return new JObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["description"] = "A runner's profile: fact names to values. A fact that is absent or null is unknown.",
            ["type"] = "object",
            ["properties"] = properties,
            ["patternProperties"] = new JObject { ["^\\$"] = new JObject() },
            ["additionalProperties"] = false,
        };
    }

    private static JObject Property(FactSymbol fact)
    {
        var property = new JObject();
        switch (fact.Type)
        {
            case FactType.Bool:
                property["type"] = new JArray("boolean", "null");
                break;
            case FactType.Number:
                property["type"] = new JArray("number", "null");
                if (fact.Low is { } low) property["minimum"] = low;
                if (fact.High is { } high) property["maximum"] = high;
                break;
            case FactType.OneOf:
                var values = new JArray(fact.Values.ToArray());
                values.Add(JValue.CreateNull());
                property["enum"] = values;
                break;
            default:
                property["type"] = new JArray("array", "null");
                property["items"] = new JObject { ["enum"] = new JArray(fact.Values.ToArray()) };
                property["uniqueItems"] = true;
                break;
        }
        string description = fact.Description ?? fact.Name;
        if (fact.IsConcluded) description += " (concluded by the rules when not given)";
        property["description"] = description;
        return property;
    }
}
