using System.Text.Json;
using Pool.Authorization.Engine.Inspection;

namespace Pool.Tests.Codec;

/// <summary>The message inspector verbs: decode hex to JSON with the PAN masked, encode JSON back to hex.</summary>
public sealed class MessageInspectorTests
{
    [Test]
    public void Decode_0100_MasksThePanFirst6Last4()
    {
        var (exit, stdout, _) = Decode(Convert.ToHexString(SpecExamples.Frame(SpecExamples.Purchase0100)), showPan: false);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk));
        Assert.That(Field(stdout, 2), Is.EqualTo("424242******4242"));
        Assert.That(stdout, Does.Not.Contain("4242424242424242"), "the full PAN appears nowhere");
        Assert.That(Field(stdout, 4), Is.EqualTo("000000001200"));
        Assert.That(Field(stdout, 43), Is.EqualTo("SEVEN MART SHIBUYA       TOKYO        JP"));
        using var json = JsonDocument.Parse(stdout);
        Assert.That(json.RootElement.GetProperty("mti").GetString(), Is.EqualTo("0100"));
        Assert.That(json.RootElement.GetProperty("bitmap").GetString(), Is.EqualTo("723C640108E08000"));
        Assert.That(json.RootElement.GetProperty("frameHeader").GetBoolean(), Is.True);
    }

    [Test]
    public void Decode_WithShowPan_ShowsTheWholePan()
    {
        var (exit, stdout, _) = Decode(Convert.ToHexString(SpecExamples.Message(SpecExamples.Purchase0100)), showPan: true);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk));
        Assert.That(Field(stdout, 2), Is.EqualTo("4242424242424242"));
    }

    [Test]
    public void Decode_HexWithWhitespaceAndLowerCase_IsAccepted()
    {
        var hex = Convert.ToHexString(SpecExamples.Message(SpecExamples.EchoTest0800)).ToLowerInvariant();

        var (exit, stdout, _) = Decode(string.Join("\n  ", hex.Chunk(16).Select(chunk => new string(chunk))), showPan: false);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk));
        Assert.That(Field(stdout, 70), Is.EqualTo("301"));
    }

    [Test]
    public void Decode_Malformed_PrintsKindFieldOffsetAndExitsNonZero()
    {
        var (exit, stdout, stderr) = Decode(Convert.ToHexString(SpecExamples.Frame(SpecExamples.MalformedLetterInDe4)), showPan: false);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitMalformed));
        using var error = JsonDocument.Parse(stderr);
        var details = error.RootElement.GetProperty("error");
        Assert.That(details.GetProperty("kind").GetString(), Is.EqualTo("CharacterInvalid"));
        Assert.That(details.GetProperty("field").GetInt32(), Is.EqualTo(4));
        Assert.That(details.GetProperty("offset").GetInt32(), Is.EqualTo(44));
        Assert.That(details.GetProperty("stanReadable").GetBoolean(), Is.True);
        Assert.That(Field(stdout, 11), Is.EqualTo("000123"), "the readable fields are still shown");
        Assert.That(stdout, Does.Not.Contain("4242424242424242"));
    }

    [Test]
    public void Decode_TrackAndChipData_AreAlwaysMaskedAndChipTagsListed()
    {
        var chip = Convert.FromHexString("9F2608A1B2C3D4E5F607089F360200015F2A020392");
        var hex = Convert.ToHexString(Wire.Message(
            "0100",
            (35, System.Text.Encoding.ASCII.GetBytes("284242424242424242=28121010000")),
            (55, System.Text.Encoding.ASCII.GetBytes("021").Concat(chip).ToArray())));

        var (exit, stdout, _) = Decode(hex, showPan: true);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitMalformed), "an 0100 of two fields misses mandatory ones");
        Assert.That(Field(stdout, 35), Is.EqualTo("4242424242424242=***********"), "only the PAN part, and only with --show-pan");
        Assert.That(Field(stdout, 55), Does.Match("^\\*+$"));
        Assert.That(stdout, Does.Contain("\"9F26\"").And.Contain("\"9F36\"").And.Contain("\"5F2A\""));
        Assert.That(stdout, Does.Not.Contain("A1B2C3D4E5F60708"), "chip values are never shown");
    }

    [TestCase("visa", "00", MessageInspector.ExitUsage, TestName = "Decode_UnknownDialect_IsUsageError")]
    [TestCase("pool", "0G", MessageInspector.ExitUsage, TestName = "Decode_NotHex_IsUsageError")]
    [TestCase("pool", "", MessageInspector.ExitMalformed, TestName = "Decode_Empty_IsMalformed")]
    public void Decode_BadInput_ExitsNonZero(string dialect, string hex, int expected)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = MessageInspector.Decode(dialect, hex, false, stdout, stderr);

        Assert.That(exit, Is.EqualTo(expected));
        Assert.That(stderr.ToString(), Is.Not.Empty);
    }

    [TestCaseSource(typeof(SpecExamples), nameof(SpecExamples.WellFormed))]
    public void SpecExample_DecodedWithShowPanThenEncoded_IsTheSameMessage(string heading)
    {
        var message = Convert.ToHexString(SpecExamples.Message(heading));
        var (exit, decoded, _) = Decode(message, showPan: true);
        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk));

        Assert.That(Encode(decoded), Is.EqualTo(message));
    }

    [Test]
    public void Encode_ObjectOfFields_WritesTheMessage()
    {
        var hex = Encode("""{"mti":"0810","fields":{"70":"301","7":"1124120600","11":"000900","39":"00"}}""");

        Assert.That(hex, Is.EqualTo(Convert.ToHexString(SpecExamples.Message(SpecExamples.EchoAnswer0810))));
    }

    // Each case: JSON an operator might type, and the exit code and error it gets.
    [TestCase("""{"mti":"0810","fields":{"7":"1124120600","11":"00090A","39":"00","70":"301"}}""", MessageInspector.ExitMalformed, "ValueInvalid", TestName = "Encode_LetterInNumeric_IsRefused")]
    [TestCase("""{"mti":"0810","fields":{"7":"1124120600","11":"000900","70":"301"}}""", MessageInspector.ExitMalformed, "MandatoryFieldMissing", TestName = "Encode_MissingMandatoryDe39_IsRefused")]
    [TestCase("""{"mti":"0810","fields":{"5":"000000001200","39":"00"}}""", MessageInspector.ExitMalformed, "FieldNotDefined", TestName = "Encode_UndefinedField_IsRefused")]
    [TestCase("""{"fields":{}}""", MessageInspector.ExitUsage, "mti", TestName = "Encode_WithoutMti_IsUsageError")]
    [TestCase("""not json""", MessageInspector.ExitUsage, "JSON", TestName = "Encode_NotJson_IsUsageError")]
    public void Encode_BadInput_ExitsNonZero(string json, int expected, string mentioned)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = MessageInspector.Encode("pool", json, stdout, stderr);

        Assert.That(exit, Is.EqualTo(expected));
        Assert.That(stderr.ToString(), Does.Contain(mentioned));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public void Encode_ThenDecode_Iso87Binary_RoundTrips()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = MessageInspector.Encode("iso87b", """{"mti":"0200","fields":{"2":"424242424242424","4":"1200","52":"0102030405060708","70":"301"}}""", stdout, stderr);
        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk), stderr.ToString());

        using var decoded = new StringWriter();
        var decodeExit = MessageInspector.Decode("iso87b", stdout.ToString(), true, decoded, stderr);

        Assert.That(decodeExit, Is.EqualTo(MessageInspector.ExitOk), stderr.ToString());
        Assert.That(Field(decoded.ToString(), 2), Is.EqualTo("424242424242424"));
        Assert.That(Field(decoded.ToString(), 4), Is.EqualTo("000000001200"));
        Assert.That(Field(decoded.ToString(), 52), Is.EqualTo("****************"), "the PIN block is never shown");
    }

    private static (int Exit, string Stdout, string Stderr) Decode(string hex, bool showPan)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = MessageInspector.Decode("pool", hex, showPan, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string Encode(string json)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = MessageInspector.Encode("pool", json, stdout, stderr);

        Assert.That(exit, Is.EqualTo(MessageInspector.ExitOk), stderr.ToString());
        return stdout.ToString().Trim();
    }

    private static string? Field(string json, int field)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("fields").EnumerateArray())
        {
            if (item.GetProperty("de").GetInt32() == field)
            {
                return item.GetProperty("value").GetString();
            }
        }

        return null;
    }
}
