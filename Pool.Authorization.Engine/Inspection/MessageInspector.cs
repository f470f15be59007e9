using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pool.Authorization.Engine.Chip;
using Pool.Authorization.Engine.Codec;

namespace Pool.Authorization.Engine.Inspection;

/// <summary>
/// The logic of the host verbs <c>message decode &lt;dialect&gt; [hex|-] [--show-pan]</c> and
/// <c>message encode &lt;dialect&gt; [json|-]</c>: operators read hex dumps with it and build test messages.
/// Not the hot path, so strings and JSON are fine here. The PAN is masked (first 6, last 4) unless asked
/// otherwise; track data, PIN data and chip values are always masked (link spec §3: sensitive authentication
/// data is never shown).
/// </summary>
public static partial class MessageInspector
{
    /// <summary>Exit code: the message was decoded or encoded.</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code: the message is malformed (decode) or a field is refused (encode).</summary>
    public const int ExitMalformed = 1;

    /// <summary>Exit code: the command itself is wrong (unknown dialect, input that is not hex or JSON).</summary>
    public const int ExitUsage = 2;

    private const int PanShownFirst = 6;
    private const int PanShownLast = 4;

    // Below this many digits, first 6 + last 4 would show nearly all of it, so the whole PAN is masked.
    private const int PanMaskedWholeBelowDigits = 11;

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>
    /// Decodes a message given as hex (whitespace ignored; a 2-byte frame header in front is recognised and
    /// skipped for dialects with an ASCII MTI) and prints its fields as JSON. Returns <see cref="ExitOk"/>, or
    /// <see cref="ExitMalformed"/> after printing the error (kind, field, offset) to <paramref name="stderr"/>
    /// and the fields that could be read to <paramref name="stdout"/>.
    /// </summary>
    public static int Decode(string dialectName, string hex, bool showPan, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(hex);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!IsoDialects.TryGet(dialectName, out var dialect))
        {
            stderr.WriteLine(UnknownDialect(dialectName));
            return ExitUsage;
        }

        if (!TryParseHex(hex, out var bytes))
        {
            stderr.WriteLine("the input is not hexadecimal bytes");
            return ExitUsage;
        }

        var framed = HasFrameHeader(bytes, dialect);
        var message = framed ? bytes.AsSpan(2) : bytes.AsSpan();
        var read = IsoMessageReader.TryRead(message, dialect, out var index, out var error);
        stdout.WriteLine(FieldsJson(message, dialect, in index, framed, showPan));
        if (read)
        {
            return ExitOk;
        }

        stderr.WriteLine(ErrorJson(in error));
        return ExitMalformed;
    }

    /// <summary>
    /// Encodes JSON fields into a message and prints it as hex. The JSON is
    /// <c>{"mti":"0110","fields":{"39":"00", …}}</c>, or the output of <see cref="Decode"/> (fields as an
    /// array of <c>{"de":…,"value":…}</c>); binary fields are hex. The message must read back without error.
    /// </summary>
    public static int Encode(string dialectName, string json, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!IsoDialects.TryGet(dialectName, out var dialect))
        {
            stderr.WriteLine(UnknownDialect(dialectName));
            return ExitUsage;
        }

        if (!TryParseRequest(json, out var mti, out var fields, out var problem))
        {
            stderr.WriteLine(problem);
            return ExitUsage;
        }

        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, dialect, bufferBytes: IsoMessageReader.MessageBytesMax);
        writer.BeginMessage(mti);
        foreach (var (field, value) in fields)
        {
            if ((uint)field > IsoFieldSet.FieldNumberMax)
            {
                stderr.WriteLine(WriteErrorJson(IsoWriteError.FieldNotDefined, field));
                return ExitMalformed;
            }

            if (!TryFieldBytes(dialect, field, value, out var characters))
            {
                stderr.WriteLine(WriteErrorJson(IsoWriteError.ValueInvalid, field));
                return ExitMalformed;
            }

            if (!writer.WriteField(field, characters))
            {
                break;
            }
        }

        if (!writer.Complete())
        {
            stderr.WriteLine(WriteErrorJson(writer.Error, writer.ErrorField));
            return ExitMalformed;
        }

        if (!IsoMessageReader.TryRead(output.WrittenSpan, dialect, out _, out var error))
        {
            stderr.WriteLine(ErrorJson(in error));
            return ExitMalformed;
        }

        stdout.WriteLine(Convert.ToHexString(output.WrittenSpan));
        return ExitOk;
    }

    private static bool TryParseHex(string hex, out byte[] bytes)
    {
        var digits = new StringBuilder(hex.Length);
        foreach (var character in hex)
        {
            if (!char.IsWhiteSpace(character))
            {
                digits.Append(character);
            }
        }

        try
        {
            bytes = Convert.FromHexString(digits.ToString());
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    // A message of an ASCII-MTI dialect starts with '0'–'9' (0x30–0x39), so a 2-byte header equal to the rest's
    // length (at most 65,535) can never be mistaken for one. A BCD MTI could, so those dialects get no guess.
    private static bool HasFrameHeader(byte[] bytes, IsoDialect dialect) =>
        dialect.NumericEncoding == IsoNumericEncoding.Ascii
        && bytes.Length >= 2
        && BinaryPrimitives.ReadUInt16BigEndian(bytes) == bytes.Length - 2;

    private static string FieldsJson(ReadOnlySpan<byte> message, IsoDialect dialect, in IsoMessage index, bool framed, bool showPan)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString("dialect", dialect.Name);
            json.WriteBoolean("frameHeader", framed);
            json.WriteNumber("length", message.Length);
            if (index.Mti >= 0)
            {
                json.WriteString("mti", index.Mti.ToString("D4", CultureInfo.InvariantCulture));
                json.WriteString("bitmap", index.Bitmap.ToString());
            }

            json.WriteStartArray("fields");
            var characters = new byte[IsoDialect.LllVarLengthMax];
            for (var field = 2; field <= IsoFieldSet.FieldNumberMax; field++)
            {
                if (!index.TryGetCharacters(message, field, characters, out var count))
                {
                    continue;
                }

                ref readonly var spec = ref dialect.Field(field);
                json.WriteStartObject();
                json.WriteNumber("de", field);
                json.WriteString("name", spec.Name);
                json.WriteString("format", spec.ToString());
                WriteValue(json, field, in spec, characters.AsSpan(0, count), showPan);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter json, int field, in IsoFieldSpec spec, ReadOnlySpan<byte> characters, bool showPan)
    {
        switch (field)
        {
            case 2 or 34:
                // DE34 is the extended PAN of ISO 8583:1987: masked like DE2.
                json.WriteString("value", showPan ? Encoding.ASCII.GetString(characters) : MaskPan(characters));
                return;
            case 35:
                json.WriteString("value", MaskTrack2(characters, showPan));
                return;
            case 36 or 45 or 52:
                // Track 1 and 3 data and the PIN block are sensitive authentication data: length only.
                json.WriteString("value", new string('*', spec.Type == IsoFieldType.Binary ? characters.Length * 2 : characters.Length));
                return;
            case 55:
                WriteChipData(json, in spec, characters);
                return;
            default:
                json.WriteString("value", spec.Type == IsoFieldType.Binary ? Convert.ToHexString(characters) : Encoding.ASCII.GetString(characters));
                return;
        }
    }

    private static void WriteChipData(Utf8JsonWriter json, in IsoFieldSpec spec, ReadOnlySpan<byte> characters)
    {
        json.WriteString("value", new string('*', spec.Type == IsoFieldType.Binary ? characters.Length * 2 : characters.Length));
        if (spec.Type != IsoFieldType.Binary)
        {
            return;
        }

        // Tags listed, values masked: the list tells an operator what the chip sent without exposing it.
        json.WriteStartArray("tlv");
        var reader = new BerTlvReader(characters);
        while (reader.TryReadNext(out var tlv))
        {
            json.WriteStartObject();
            json.WriteString("tag", tlv.Tag.ToString(tlv.TagBytes == 1 ? "X2" : tlv.TagBytes == 2 ? "X4" : "X6", CultureInfo.InvariantCulture));
            json.WriteNumber("length", tlv.Value.Length);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (reader.Error != BerTlvError.None)
        {
            json.WriteString("tlvError", reader.Error.ToString());
            json.WriteNumber("tlvErrorOffset", reader.ErrorOffset);
        }
    }

    /// <summary>First 6 and last 4 digits shown, the rest as <c>*</c>; all masked when too short for that.</summary>
    internal static string MaskPan(ReadOnlySpan<byte> pan)
    {
        var masked = new char[pan.Length];
        for (var index = 0; index < pan.Length; index++)
        {
            var shown = pan.Length >= PanMaskedWholeBelowDigits && (index < PanShownFirst || index >= pan.Length - PanShownLast);
            masked[index] = shown ? (char)pan[index] : '*';
        }

        return new string(masked);
    }

    // Track 2 is PAN '=' expiry, service code and discretionary data: only the PAN part may ever be shown.
    private static string MaskTrack2(ReadOnlySpan<byte> track2, bool showPan)
    {
        var separator = track2.IndexOfAny((byte)'=', (byte)'D');
        var pan = separator < 0 ? track2 : track2[..separator];
        var shownPan = showPan ? Encoding.ASCII.GetString(pan) : MaskPan(pan);
        return separator < 0 ? shownPan : shownPan + "=" + new string('*', track2.Length - separator - 1);
    }

    private static string ErrorJson(in IsoReadError error)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("kind", error.Kind.ToString());
            json.WriteNumber("field", error.Field);
            json.WriteNumber("offset", error.Offset);
            json.WriteBoolean("mtiReadable", error.MtiReadable);
            json.WriteBoolean("stanReadable", error.StanReadable);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string UnknownDialect(string name) =>
        $"unknown dialect '{name}'; known: {IsoDialects.PoolLinkName}, {IsoDialects.Iso87AsciiName}, {IsoDialects.Iso87BinaryName}";

    private static string WriteErrorJson(IsoWriteError error, int field) =>
        $"{{\"error\":{{\"kind\":\"{error}\",\"field\":{field}}}}}";
}
