using Hl7.Fhir.Model;

namespace BackPainRules.Fhir;

/// <summary>
/// Which QuestionnaireResponse of a CDS Hooks prefetch to read: the prefetch holds one resource, or a search
/// Bundle of them. Only answers about the patient in the hook's context and to this rule set's Questionnaire
/// count (a response naming another patient or another questionnaire is never read); of those, the most
/// recently authored.
/// </summary>
public static class PrefetchedAnswers
{
    /// <summary>The response to read, or null when the prefetch holds none that fits.</summary>
    public static QuestionnaireResponse? Select(Resource prefetched, string patientId, string questionnaireUrl)
    {
        var candidates = prefetched switch
        {
            QuestionnaireResponse one => new[] { one },
            Bundle bundle => bundle.Entry.Select(e => e.Resource).OfType<QuestionnaireResponse>().ToArray(),
            _ => Array.Empty<QuestionnaireResponse>(),
        };
        return candidates
            .Where(r => IsAbout(r, patientId) && IsFor(r, questionnaireUrl))
            .Select((response, order) => (response, order))
            // Latest authored first; among equals (or none authored), the one later in the bundle, as a search sorted by -authored would give it first anyway.
            .OrderByDescending(x => Authored(x.response))
            .ThenByDescending(x => x.order)
            .Select(x => x.response)
            .FirstOrDefault();
    }

    /// <summary>A response without a subject is taken to be about the patient whose chart the prefetch came with.</summary>
    private static bool IsAbout(QuestionnaireResponse response, string patientId) =>
        response.Subject?.Reference is not { Length: > 0 } reference
        || reference == $"Patient/{patientId}"
        || reference.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal);

    /// <summary>A response that names no questionnaire is read; one that names another questionnaire (with or without <c>|version</c>) is not.</summary>
    private static bool IsFor(QuestionnaireResponse response, string questionnaireUrl) =>
        response.Questionnaire is not { Length: > 0 } named
        || named == questionnaireUrl
        || named.StartsWith(questionnaireUrl + "|", StringComparison.Ordinal);

    private static DateTimeOffset Authored(QuestionnaireResponse response) =>
        response.AuthoredElement?.TryToDateTimeOffset(out var at) == true ? at : DateTimeOffset.MinValue;
}
