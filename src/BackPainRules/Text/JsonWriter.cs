using System.Globalization;
using System.Text;

namespace BackPainRules.Text;

/// <summary>
/// Writes a JSON document into a <see cref="Utf8JsonBuffer"/>, putting in the commas: the library's one
/// way of writing JSON, so every document it prints (results, explanations, test reports) escapes
/// strings alike (SPEC §6). Results, written by the million, go to the buffer directly instead.
/// </summary>
internal sealed class JsonWriter
{
    private readonly Utf8JsonBuffer buffer;
    private readonly bool indented;

    // Whether the next value or property name follows another in the same object or array.
    private bool afterItem;

    // Whether a property name was just written, so its value goes on the same line.
    private bool afterProperty;

    private int depth;

    /// <param name="buffer">Where to write; a new buffer if null.</param>
    /// <param name="indented">One item a line, indented by two spaces a level (for documents people read, such as the schema); otherwise compact.</param>
    public JsonWriter(Utf8JsonBuffer? buffer = null, bool indented = false)
    {
        this.buffer = buffer ?? new Utf8JsonBuffer();
        this.indented = indented;
    }

    public void StartObject() => Open((byte)'{');

    public void EndObject() => Close((byte)'}');

    public void StartArray() => Open((byte)'[');

    public void EndArray() => Close((byte)']');

    /// <summary>A property's name; its value comes next.</summary>
    public void Property(string name)
    {
        Separate();
        buffer.String(name);
        buffer.Raw(indented ? ": "u8 : ":"u8);
        afterItem = false;
        afterProperty = true;
    }

    /// <summary>A string, or <c>null</c>.</summary>
    public void String(string? value)
    {
        Separate();
        buffer.String(value);
        afterItem = true;
    }

    /// <summary>A value that is already a compact JSON document the library wrote (a result, a schema), copied as it is.</summary>
    public void RawValue(string json)
    {
        Separate();
        buffer.Text(json);
        afterItem = true;
    }

    public void Bool(bool value)
    {
        Separate();
        buffer.Raw(value ? "true"u8 : "false"u8);
        afterItem = true;
    }

    public void Number(long value)
    {
        Separate();
        buffer.Text(value.ToString(CultureInfo.InvariantCulture));
        afterItem = true;
    }

    /// <summary>A fractional number, always with a decimal point (<c>100.0</c>), so readers see a number that may have a fraction.</summary>
    public void Number(double value)
    {
        Separate();
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        buffer.Text(text);
        if (double.IsFinite(value) && text.IndexOfAny(['.', 'E', 'e']) < 0) buffer.Raw(".0"u8);
        afterItem = true;
    }

    /// <summary>A property with a string value.</summary>
    public void Property(string name, string? value)
    {
        Property(name);
        String(value);
    }

    /// <summary>A property whose value is an array of strings.</summary>
    public void Property(string name, IEnumerable<string> values)
    {
        Property(name);
        StartArray();
        foreach (string value in values) String(value);
        EndArray();
    }

    /// <summary>The document written so far.</summary>
    public override string ToString() => Encoding.UTF8.GetString(buffer.Written.Span);

    private void Open(byte bracket)
    {
        Separate();
        buffer.Raw(bracket);
        depth++;
        afterItem = false;
    }

    private void Close(byte bracket)
    {
        depth--;
        // An empty object or array stays on one line: {} or [].
        if (afterItem) NewLine();
        buffer.Raw(bracket);
        afterItem = true;
    }

    /// <summary>Before a value or a property name: a comma after the previous item and, indented, a new line unless it is a property's value.</summary>
    private void Separate()
    {
        if (afterItem) buffer.Raw((byte)',');
        if (!afterProperty && depth > 0) NewLine();
        afterProperty = false;
    }

    private void NewLine()
    {
        if (!indented) return;
        buffer.Raw((byte)'\n');
        for (int i = 0; i < depth; i++) buffer.Raw("  "u8);
    }
}
