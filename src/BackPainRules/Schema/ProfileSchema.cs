using BackPainRules.Semantics;
using BackPainRules.Text;
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
    public static string Generate(RuleSetModel model, string title)
    {
        var json = new JsonWriter(indented: true);
        json.StartObject();
        json.Property("$schema", "https://json-schema.org/draft/2020-12/schema");
        json.Property("title", title);
        json.Property("description", "A runner's profile: fact names to values. A fact that is absent or null is unknown.");
        json.Property("type", "object");
        json.Property("properties");
        json.StartObject();
        json.Property("$id");
        json.StartObject();
        json.Property("type", "string");
        json.Property("description", "Names the profile in results.");
        json.EndObject();
        // Exactly the input facts (SPEC §6): a concluded fact is decided by its rules alone, and a profile cannot give it.
        foreach (var fact in model.Facts.Where(f => !f.IsConcluded))
        {
            json.Property(fact.Name);
            WriteProperty(json, fact);
        }
        json.EndObject();
        json.Property("patternProperties");
        json.StartObject();
        json.Property("^\\$");
        json.StartObject();
        json.EndObject();
        json.EndObject();
        json.Property("additionalProperties");
        json.Bool(false);
        json.EndObject();
        return json.ToString();
    }

    /// <summary>The schema as a Newtonsoft object.</summary>
    public static JObject Build(RuleSetModel model, string title) => JObject.Parse(Generate(model, title));

    private static void WriteProperty(JsonWriter json, FactSymbol fact)
    {
        json.StartObject();
        switch (fact.Type)
        {
            case FactType.Bool:
                json.Property("type", ["boolean", "null"]);
                break;
            case FactType.Number:
                json.Property("type", ["number", "null"]);
                if (fact.Low is { } low)
                {
                    json.Property("minimum");
                    json.Number(low);
                }
                if (fact.High is { } high)
                {
                    json.Property("maximum");
                    json.Number(high);
                }
                break;
            case FactType.OneOf:
                json.Property("enum");
                json.StartArray();
                foreach (string value in fact.Values) json.String(value);
                json.String(null);
                json.EndArray();
                break;
            case FactType.AnyOf:
                json.Property("type", ["array", "null"]);
                json.Property("items");
                json.StartObject();
                json.Property("enum", fact.Values);
                json.EndObject();
                json.Property("uniqueItems");
                json.Bool(true);
                break;
        }
        json.Property("description", fact.Description ?? fact.Name);
        json.EndObject();
    }
}
