using System.Globalization;

namespace BackPainRules.Text;

/// <summary>How numbers are written in results, whatever the culture.</summary>
public static class NumberText
{
    /// <summary>
    /// The shortest text that reads back to the same double (SPEC §6): <c>5</c>, <c>0.1</c>, <c>23.45</c>,
    /// zero as <c>0</c>; never <c>5.0</c>, and no exponent below 1e15 (<c>0.00001</c>, not <c>1E-05</c>).
    /// </summary>
    public static string Shortest(double value)
    {
        if (value == 0) return "0";
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0 || Math.Abs(value) >= 1e15 || !double.IsFinite(value)) return text;

        // "R" writes d.dddE-XX for small numbers; spell them out with the same digits.
        bool negative = text[0] == '-';
        string digits = text[(negative ? 1 : 0)..e].Replace(".", "", StringComparison.Ordinal);
        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string sign = negative ? "-" : "";
        if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
        return digits.Length <= exponent + 1
            ? sign + digits + new string('0', exponent + 1 - digits.Length)
            : sign + digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
