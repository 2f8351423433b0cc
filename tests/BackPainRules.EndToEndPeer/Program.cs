using System.Text;
using System.Text.Json;

// Hand-written C# for examples/startback/startback.rules, end to end: NDJSON in (Utf8JsonReader, one thread),
// the four rules as ifs, and exactly the bytes `rules eval --format json --rules examples/startback/startback.rules FILE`
// writes for fully known profiles (SPEC §6). A line that is not a fully known, valid profile of the rule set
// stops it with exit status 3: this peer is a ceiling for the fast path, not a second implementation.
//
//   startback-peer FILE.ndjson > out.ndjson

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: startback-peer FILE.ndjson");
    return 2;
}
string path = args[0];
using var input = File.OpenRead(path);
using var stdout = Console.OpenStandardOutput();
var peer = new StartBackPeer(path, stdout);
int status = peer.Run(input);
stdout.Flush();
return status;

internal sealed class StartBackPeer(string path, Stream output)
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    // The profile name's prefix when there is no $id: "PATH: (the JSON string opened, PATH escaped).
    private readonly byte[] namePrefix = Encoding.UTF8.GetBytes("{\"profile\":" + Quote(path)[..^1] + ":");
    private byte[] outBuffer = new byte[1 << 20];
    private int outLength;

    // The facts of one profile.
    private bool saddle, sphincter, unwell, weightLoss, legPain, shoulderNeck, walkedShort, dressedSlowly, unsafeActivity, worrying, neverBetter, notEnjoying;
    private int bothersomeness; // 0 not_at_all .. 4 extremely
    private int seen;

    public int Run(Stream input)
    {
        var buffer = new byte[1 << 20];
        int filled = 0;
        int lineNumber = 0;
        bool first = true;
        while (true)
        {
            int read = input.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            var data = buffer.AsSpan(0, filled);
            if (first && data.Length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
            {
                data[3..].CopyTo(buffer);
                filled -= 3;
                data = buffer.AsSpan(0, filled);
            }
            first = false;
            int start = 0;
            while (true)
            {
                int end = data[start..].IndexOf((byte)'\n');
                if (end < 0) break;
                lineNumber++;
                if (!Line(data.Slice(start, end), lineNumber)) return 3;
                start += end + 1;
            }
            if (read == 0)
            {
                if (start < filled)
                {
                    lineNumber++;
                    if (!Line(data[start..], lineNumber)) return 3;
                }
                break;
            }
            data[start..].CopyTo(buffer);
            filled -= start;
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
        Flush();
        return 0;
    }

    private bool Line(ReadOnlySpan<byte> line, int number)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Trim(" \t"u8).IsEmpty) return true;
        seen = 0;
        ReadOnlySpan<byte> id = default;
        bool hasId = false;
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Fail(number);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return Fail(number);
                var key = reader.ValueSpan;
                reader.Read();
                if (key.SequenceEqual("$id"u8))
                {
                    if (hasId || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return Fail(number);
                    id = reader.ValueSpan;
                    hasId = true;
                    continue;
                }
                if (key.SequenceEqual("bothersomeness"u8))
                {
                    if (reader.TokenType != JsonTokenType.String || !Bothersomeness(reader.ValueSpan) || !See(12)) return Fail(number);
                    continue;
                }
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return Fail(number);
                bool value = reader.TokenType == JsonTokenType.True;
                int slot = key switch
                {
                    _ when key.SequenceEqual("saddle_anaesthesia"u8) => Set(ref saddle, value, 0),
                    _ when key.SequenceEqual("sphincter_disturbance"u8) => Set(ref sphincter, value, 1),
                    _ when key.SequenceEqual("systemically_unwell"u8) => Set(ref unwell, value, 2),
                    _ when key.SequenceEqual("unexplained_weight_loss"u8) => Set(ref weightLoss, value, 3),
                    _ when key.SequenceEqual("leg_pain"u8) => Set(ref legPain, value, 4),
                    _ when key.SequenceEqual("shoulder_neck_pain"u8) => Set(ref shoulderNeck, value, 5),
                    _ when key.SequenceEqual("walked_short_distances"u8) => Set(ref walkedShort, value, 6),
                    _ when key.SequenceEqual("dressed_slowly"u8) => Set(ref dressedSlowly, value, 7),
                    _ when key.SequenceEqual("activity_feels_unsafe"u8) => Set(ref unsafeActivity, value, 8),
                    _ when key.SequenceEqual("worrying_thoughts"u8) => Set(ref worrying, value, 9),
                    _ when key.SequenceEqual("pain_never_better"u8) => Set(ref neverBetter, value, 10),
                    _ when key.SequenceEqual("not_enjoying_things"u8) => Set(ref notEnjoying, value, 11),
                    _ => -1,
                };
                if (slot < 0 || !See(slot)) return Fail(number);
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return Fail(number);
        }
        catch (JsonException)
        {
            return Fail(number);
        }
        if (seen != (1 << 13) - 1) return Fail(number);
        if (hasId && !PlainText(id)) return Fail(number);
        Write(hasId, id, number);
        return true;
    }

    private static int Set(ref bool field, bool value, int slot)
    {
        field = value;
        return slot;
    }

    private bool See(int slot)
    {
        if ((seen & (1 << slot)) != 0) return false;
        seen |= 1 << slot;
        return true;
    }

    private bool Bothersomeness(ReadOnlySpan<byte> value)
    {
        if (value.SequenceEqual("not_at_all"u8)) bothersomeness = 0;
        else if (value.SequenceEqual("slightly"u8)) bothersomeness = 1;
        else if (value.SequenceEqual("moderately"u8)) bothersomeness = 2;
        else if (value.SequenceEqual("very_much"u8)) bothersomeness = 3;
        else if (value.SequenceEqual("extremely"u8)) bothersomeness = 4;
        else return false;
        return true;
    }

    // An unescaped JSON string of valid UTF-8 is written as it is (no '"', '\\' or control characters can be in it).
    private static bool PlainText(ReadOnlySpan<byte> value) => System.Text.Unicode.Utf8.IsValid(value);

    private bool Fail(int number)
    {
        Flush();
        Console.Error.WriteLine($"startback-peer: {path}:{number} is not a fully known startback profile; this peer handles only those");
        return false;
    }

    private static int B(bool b) => b ? 1 : 0;

    private void Write(bool hasId, ReadOnlySpan<byte> id, int number)
    {
        // The rules, by hand.
        bool redFlag = saddle || sphincter || unwell || weightLoss;
        int psychosocial = B(unsafeActivity) + B(worrying) + B(neverBetter) + B(notEnjoying) + (bothersomeness >= 3 ? 1 : 0);
        int total = B(legPain) + B(shoulderNeck) + B(walkedShort) + B(dressedSlowly) + psychosocial;
        bool low = total <= 3;
        bool medium = total >= 4 && psychosocial <= 3;
        bool high = psychosocial >= 4;

        if (outBuffer.Length - outLength < 4096) Flush();
        if (hasId)
        {
            Raw("{\"profile\":\""u8);
            Raw(id);
            Raw("\""u8);
        }
        else
        {
            Raw(namePrefix);
            Int(number);
            Raw("\""u8);
        }
        // Output order: urgent, then high (physiotherapy, psychologically informed), then normal (advice).
        Raw(",\"recommendations\":["u8);
        bool comma = false;
        if (redFlag) Item(ref comma, UrgentReview);
        if (!redFlag)
        {
            if (medium) Item(ref comma, Physiotherapy);
            if (high) Item(ref comma, PsychPhysiotherapy);
            if (low) Item(ref comma, Advice);
        }
        Raw("],\"avoid\":[],\"withheld\":["u8);
        comma = false;
        if (redFlag)
        {
            if (medium) Item(ref comma, PhysiotherapyWithheld);
            if (high) Item(ref comma, PsychPhysiotherapyWithheld);
            if (low) Item(ref comma, AdviceWithheld);
        }
        Raw("],\"concluded\":["u8);
        comma = false;
        if (high) Name(ref comma, "\"high_risk\""u8);
        if (low) Name(ref comma, "\"low_risk\""u8);
        if (medium) Name(ref comma, "\"medium_risk\""u8);
        if (redFlag) Name(ref comma, "\"serious_pathology_suspected\""u8);
        Raw("],\"scores\":[{\"id\":\"startback_psychosocial\",\"value\":"u8);
        Score(psychosocial);
        Raw("},{\"id\":\"startback_total\",\"value\":"u8);
        Score(total);
        Raw("}],\"fired\":["u8);
        comma = false;
        if (redFlag) Name(ref comma, "\"red_flags\""u8);
        if (low) Name(ref comma, "\"low_risk_group\""u8);
        if (medium) Name(ref comma, "\"medium_risk_group\""u8);
        if (high) Name(ref comma, "\"high_risk_group\""u8);
        Raw("],\"undetermined\":[],\"warnings\":[]}\n"u8);
    }

    private static ReadOnlySpan<byte> UrgentReview => "{\"id\":\"urgent_medical_review\",\"text\":\"Urgent medical assessment before any treatment for the back\",\"priority\":\"urgent\",\"rules\":[\"red_flags\"]}"u8;
    private static ReadOnlySpan<byte> Physiotherapy => "{\"id\":\"physiotherapy\",\"text\":\"A course of physiotherapy for the pain and for getting back to usual activities\",\"priority\":\"high\",\"rules\":[\"medium_risk_group\"]}"u8;
    private static ReadOnlySpan<byte> PsychPhysiotherapy => "{\"id\":\"psychologically_informed_physiotherapy\",\"text\":\"Physiotherapy that also addresses fear, worry and low mood about the back\",\"priority\":\"high\",\"rules\":[\"high_risk_group\"]}"u8;
    private static ReadOnlySpan<byte> Advice => "{\"id\":\"advice_and_self_management\",\"text\":\"One session of reassurance and advice: stay active, self-manage, return if it does not settle\",\"priority\":\"normal\",\"rules\":[\"low_risk_group\"]}"u8;
    private static ReadOnlySpan<byte> PhysiotherapyWithheld => "{\"id\":\"physiotherapy\",\"text\":\"A course of physiotherapy for the pain and for getting back to usual activities\",\"priority\":\"high\",\"rules\":[\"medium_risk_group\"],\"missing\":[]}"u8;
    private static ReadOnlySpan<byte> PsychPhysiotherapyWithheld => "{\"id\":\"psychologically_informed_physiotherapy\",\"text\":\"Physiotherapy that also addresses fear, worry and low mood about the back\",\"priority\":\"high\",\"rules\":[\"high_risk_group\"],\"missing\":[]}"u8;
    private static ReadOnlySpan<byte> AdviceWithheld => "{\"id\":\"advice_and_self_management\",\"text\":\"One session of reassurance and advice: stay active, self-manage, return if it does not settle\",\"priority\":\"normal\",\"rules\":[\"low_risk_group\"],\"missing\":[]}"u8;

    private void Item(ref bool comma, ReadOnlySpan<byte> item) => Name(ref comma, item);

    private void Name(ref bool comma, ReadOnlySpan<byte> name)
    {
        if (comma) Raw(","u8);
        Raw(name);
        comma = true;
    }

    private void Score(int value)
    {
        Int(value);
        Raw(",\"min\":"u8);
        Int(value);
        Raw(",\"max\":"u8);
        Int(value);
    }

    private void Int(int value)
    {
        value.TryFormat(outBuffer.AsSpan(outLength), out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
        outLength += written;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        if (outBuffer.Length - outLength < bytes.Length)
        {
            Flush();
            if (outBuffer.Length < bytes.Length) outBuffer = new byte[bytes.Length * 2];
        }
        bytes.CopyTo(outBuffer.AsSpan(outLength));
        outLength += bytes.Length;
    }

    private void Flush()
    {
        output.Write(outBuffer, 0, outLength);
        outLength = 0;
    }

    // A JSON string as SPEC §6 escapes it: '"', '\\' and U+0000-U+001F only.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                default:
                    if (c < ' ') quoted.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else quoted.Append(c);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
