using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>The mandatory and allowed fields per MTI of link spec §4 and the repeats of §8.</summary>
public sealed class IsoMessageReaderRuleTests
{
    private static readonly (int Field, string Wire)[] Purchase =
    [
        (2, "164242424242424242"), (3, "000000"), (4, "000000001200"), (7, "1124120000"), (11, "000123"),
        (12, "210000"), (13, "1124"), (14, "2812"), (18, "5499"), (19, "392"), (22, "051"), (32, "06123456"),
        (37, "432812345678"), (41, "TERM0001"), (42, "MERCHANT0000001"), (43, "SEVEN MART SHIBUYA       TOKYO        JP"),
        (49, "392"),
    ];

    [TestCase("0100", TestName = "Authorization0100_WithItsMandatoryFields_IsValid")]
    [TestCase("0101", TestName = "Repeat0101_CarriesTheFieldsOf0100_IsValid")]
    public void Purchase_WithItsMandatoryFields_IsValid(string mti)
    {
        var message = Wire.Message(mti, Purchase);

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out var error), Is.True, error.ToString());
    }

    [Test]
    public void Authorization0100_WithoutDe43_IsMandatoryFieldMissing()
    {
        var message = Wire.Message("0100", Purchase.Where(field => field.Field != 43).ToArray());

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.MandatoryFieldMissing));
        Assert.That(error.Field, Is.EqualTo(43));
        Assert.That(error.Offset, Is.EqualTo(message.Length));
        Assert.That(error.StanReadable, Is.True);
        Assert.That(index.Fields.Count, Is.EqualTo(16), "every present field is still indexed");
    }

    [Test]
    public void Authorization0100_WithDe70_IsFieldNotAllowed()
    {
        var message = Wire.Message("0100", Purchase.Append((70, "301")).ToArray());

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out var error), Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.FieldNotAllowed));
        Assert.That(error.Field, Is.EqualTo(70));
        Assert.That(error.Offset, Is.EqualTo(message.Length - 3));
    }

    [Test]
    public void Financial0200_IsMtiNotDefinedWithEveryFieldReadable()
    {
        // Link spec §9: an MTI §4 does not cover is answered with DE39 12, echoing what it could read.
        var message = Wire.Message("0200", Purchase);

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.MtiNotDefined));
        Assert.That(error.Mti, Is.EqualTo(200));
        Assert.That(error.Stan, Is.EqualTo(123));
        Assert.That(index.Fields.Count, Is.EqualTo(Purchase.Length));
    }

    [Test]
    public void EchoTest0800_WithoutDe70_IsMandatoryFieldMissing()
    {
        var message = Wire.Message("0800", (7, "1124120600"), (11, "000900"));

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out var error), Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.MandatoryFieldMissing));
        Assert.That(error.Field, Is.EqualTo(70));
    }

    [Test]
    public void Answer0110_WithOnlyDe11AndDe39_IsValid()
    {
        // Echoed fields are allowed, not mandatory: a §9 answer echoes only what could be read.
        var message = Wire.Message("0110", (11, "000123"), (39, "30"));

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out var error), Is.True, error.ToString());
    }

    [Test]
    public void Bitmap_WithBitForUndefinedField_KeepsFieldsReadBeforeIt()
    {
        var message = Wire.Message("0100", (2, "164242424242424242"), (5, "000000001200"), (11, "000123"));

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.FieldNotDefined));
        Assert.That(error.Field, Is.EqualTo(5));
        Assert.That(index.Fields, Is.EqualTo(IsoFieldSet.Of(2)));
        Assert.That(error.StanReadable, Is.False, "DE11 lies beyond a field whose length is unknown");
        Assert.That(error.MtiReadable, Is.True);
    }

    [Test]
    public void BadPrefixInDe32_KeepsTheFieldsBeforeItAndDe11()
    {
        // Link spec §9: the answer echoes the fields it could read; DE32's prefix stops the reading there.
        var fields = Purchase.Select(field => field.Field == 32 ? (32, "0X123456") : field).ToArray();
        var message = Wire.Message("0100", fields);

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.LengthPrefixInvalid));
        Assert.That(error.Field, Is.EqualTo(32));
        Assert.That(error.Stan, Is.EqualTo(123));
        Assert.That(index.Fields, Is.EqualTo(IsoFieldSet.Of(2, 3, 4, 7, 11, 12, 13, 14, 18, 19, 22)));
        Assert.That(index.TryGetNumber(message, 11, out var stan) && stan == 123, Is.True);
    }

    [Test]
    public void ErrorKinds_KeepTheirValues()
    {
        // Persisted and wire enums are append-only (STYLE.md): these numbers reach logs and metrics.
        var expected = new Dictionary<IsoReadErrorKind, int>
        {
            [IsoReadErrorKind.None] = 0,
            [IsoReadErrorKind.Truncated] = 1,
            [IsoReadErrorKind.MtiInvalid] = 2,
            [IsoReadErrorKind.BitmapInvalid] = 3,
            [IsoReadErrorKind.FieldNotDefined] = 4,
            [IsoReadErrorKind.LengthPrefixInvalid] = 5,
            [IsoReadErrorKind.LengthAboveMaximum] = 6,
            [IsoReadErrorKind.CharacterInvalid] = 7,
            [IsoReadErrorKind.BytesLeftOver] = 8,
            [IsoReadErrorKind.MandatoryFieldMissing] = 9,
            [IsoReadErrorKind.FieldNotAllowed] = 10,
            [IsoReadErrorKind.MtiNotDefined] = 11,
            [IsoReadErrorKind.MessageTooLong] = 12,
        };

        Assert.That(Enum.GetValues<IsoReadErrorKind>().ToDictionary(kind => kind, kind => (int)kind), Is.EqualTo(expected));
    }
}
