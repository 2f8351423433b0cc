using System.Text.Json;
using BackPainRules.Diagnostics;

namespace BackPainRules.Server.Http;

/// <summary>
/// The JSON forms of the server's refusals. A profile that cannot be evaluated is answered with its
/// diagnostics, the same ones <c>rules eval</c> prints (code, severity, message, line, column, fact); anything
/// else wrong with a request is <c>{"error": "..."}</c>. Never a stack trace.
/// </summary>
public static class DiagnosticsJson
{
    /// <summary>The media type of every JSON answer.</summary>
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary><c>{"profile": NAME, "diagnostics": [...]}</c> for a profile that could not be evaluated.</summary>
    public static void WriteProfileProblems(Utf8JsonWriter json, string profile, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartObject();
        json.WriteString("profile", profile);
        WriteDiagnostics(json, "diagnostics", diagnostics);
        json.WriteEndObject();
    }

    /// <summary>A property holding an array of diagnostics.</summary>
    public static void WriteDiagnostics(Utf8JsonWriter json, string property, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray(property);
        foreach (var diagnostic in diagnostics) Write(json, diagnostic);
        json.WriteEndArray();
    }

    /// <summary>One diagnostic: <c>{"code","severity","message","file","line","column","fact"}</c>.</summary>
    public static void Write(Utf8JsonWriter json, Diagnostic diagnostic)
    {
        json.WriteStartObject();
        json.WriteString("code", diagnostic.Code);
        json.WriteString("severity", diagnostic.IsError ? "error" : "warning");
        json.WriteString("message", diagnostic.Message);
        json.WriteString("file", diagnostic.Location.Path);
        json.WriteNumber("line", diagnostic.Location.Start.Line);
        json.WriteNumber("column", diagnostic.Location.Start.Column);
        if (diagnostic.Fact is { } fact) json.WriteString("fact", fact);
        else json.WriteNull("fact");
        json.WriteEndObject();
    }

    /// <summary>Bytes of a profile's problems, one compact JSON document.</summary>
    public static byte[] ProfileProblems(string profile, IEnumerable<Diagnostic> diagnostics) =>
        Build(json => WriteProfileProblems(json, profile, diagnostics));

    /// <summary><c>{"error": MESSAGE}</c></summary>
    public static byte[] Error(string message) => Build(json =>
    {
        json.WriteStartObject();
        json.WriteString("error", message);
        json.WriteEndObject();
    });

    /// <summary>Writes a document with <paramref name="write"/> and gives its UTF-8 bytes.</summary>
    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
