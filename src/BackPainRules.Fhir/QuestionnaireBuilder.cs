using BackPainRules.Semantics;
using Hl7.Fhir.Model;

namespace BackPainRules.Fhir;

/// <summary>
/// The FHIR R4 Questionnaire that asks exactly a rule set's input facts (the facts a profile may give: not
/// concluded facts, not scores), one item per fact, <c>linkId</c> the fact's name, so the answers map back to a
/// profile one to one (<see cref="QuestionnaireAnswers"/>).
/// </summary>
public static class QuestionnaireBuilder
{
    /// <summary>The extensions R4 defines for a number item's inclusive bounds.</summary>
    public const string MinValueExtension = "http://hl7.org/fhir/StructureDefinition/minValue";

    /// <inheritdoc cref="MinValueExtension"/>
    public const string MaxValueExtension = "http://hl7.org/fhir/StructureDefinition/maxValue";

    /// <summary>The Questionnaire for <paramref name="model"/>.</summary>
    public static Questionnaire Build(RuleSetModel model, RuleSetIdentity identity)
    {
        var questionnaire = new Questionnaire
        {
            Id = identity.Name,
            Url = identity.QuestionnaireUrl,
            Version = identity.Version,
            Name = ComputerName(identity.Name),
            Title = $"Questions for the {identity.Name} rules",
            Status = PublicationStatus.Active,
            SubjectType = new[] { ResourceType.Patient }.Cast<ResourceType?>(),
            Description = new Markdown("Every fact the rule set reads from a profile. An item left unanswered is unknown; the rules say which ones matter."),
        };
        foreach (var fact in model.Facts.Where(f => !f.IsConcluded)) questionnaire.Item.Add(Item(fact));
        return questionnaire;
    }

    private static Questionnaire.ItemComponent Item(FactSymbol fact)
    {
        var item = new Questionnaire.ItemComponent
        {
            LinkId = fact.Name,
            Text = fact.Description ?? fact.Name,
            Type = fact.Type switch
            {
                FactType.Bool => Questionnaire.QuestionnaireItemType.Boolean,
                FactType.Number => Questionnaire.QuestionnaireItemType.Decimal,
                FactType.OneOf or FactType.AnyOf => Questionnaire.QuestionnaireItemType.Choice,
            },
            // Every question may be left open: the rules are built to decide what they can from partial answers.
            Required = false,
        };
        if (fact.Type == FactType.AnyOf) item.Repeats = true;
        // decimal holds up to about 7.9e28; a range beyond that is as good as none for a form.
        if (fact.Type == FactType.Number && fact.Low is { } low && fact.High is { } high && Math.Abs(low) < 1e28 && Math.Abs(high) < 1e28)
        {
            item.Extension.Add(new Extension(MinValueExtension, new FhirDecimal((decimal)low)));
            item.Extension.Add(new Extension(MaxValueExtension, new FhirDecimal((decimal)high)));
        }
        foreach (var value in fact.Values)
        {
            // The code is the enum value as the rules spell it; that is what QuestionnaireAnswers reads back.
            item.AnswerOption.Add(new Questionnaire.AnswerOptionComponent { Value = new Coding(null, value, Display(value)) });
        }
        return item;
    }

    /// <summary><c>long_run</c> as "long run": the value as a person reads it.</summary>
    private static string Display(string value) => value.Replace('_', ' ');

    /// <summary>The computer-friendly name FHIR asks for (an upper-case letter, then letters, digits, underscores): <c>lower-back-pain</c> as <c>LowerBackPain</c>.</summary>
    private static string ComputerName(string name)
    {
        var words = name.Split('-', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        return joined.Length > 0 && char.IsAsciiLetter(joined[0]) ? joined : "Rules" + joined;
    }
}
