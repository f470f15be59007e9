using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>Every format of the link spec (§2, §3) at its boundaries, one field per message, rules aside.</summary>
public sealed class IsoMessageReaderFormatTests
{
    private static readonly string Digits19 = new('9', 19);
    private static readonly string Printable999 = new('x', 999);

    [TestCase(2, "164242424242424242", 16, TestName = "LlVarNumeric_PanOf16Digits_IsValid")]
    [TestCase(2, "199999999999999999999", 19, TestName = "LlVarNumeric_AtItsMaximum19_IsValid")]
    [TestCase(2, "00", 0, TestName = "LlVarNumeric_Empty_IsValid")]
    [TestCase(4, "000000001200", 12, TestName = "FixedNumeric_n12_IsValid")]
    [TestCase(32, "06123456", 6, TestName = "LlVarNumeric_De32_IsValid")]
    [TestCase(35, "214242424242424242=2812", 21, TestName = "Track2_WithEqualsSeparator_IsValid")]
    [TestCase(35, "214242424242424242D2812", 21, TestName = "Track2_WithDSeparator_IsValid")]
    [TestCase(35, "374242424242424242=28121010000000000000", 37, TestName = "Track2_AtItsMaximum37_IsValid")]
    [TestCase(37, "432812345678", 12, TestName = "FixedAn_Rrn_IsValid")]
    [TestCase(43, "SEVEN MART SHIBUYA       TOKYO        JP", 40, TestName = "FixedAns_WithSpaces_IsValid")]
    [TestCase(43, "~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}        ", 40, TestName = "FixedAns_EveryPunctuationMark_IsValid")]
    [TestCase(48, "000", 0, TestName = "LllVar_Empty_IsValid")]
    [TestCase(48, "004PA=Y", 4, TestName = "LllVar_De48PartialApprovalTag_IsValid")]
    [TestCase(52, "\u0000\u00FF\u0001\u0080\u007F\u0020\u0030\u00AA", 8, TestName = "FixedBinary_De52AnyBytes_IsValid")]
    [TestCase(54, "0200002392C000000008800", 20, TestName = "LllVarAn_De54Balance_IsValid")]
    [TestCase(55, "000", 0, TestName = "LllVarBinary_EmptyDe55_IsValid")]
    [TestCase(55, "007\u009F\u0026\u0002\u00AB\u00CD\u0082\u0000", 7, TestName = "LllVarBinary_De55Tlv_IsValid")]
    [TestCase(70, "301", 3, TestName = "SecondaryBitmap_De70_IsValid")]
    [TestCase(90, "010000012311241200000000012345600000000000", 42, TestName = "SecondaryBitmap_De90n42_IsValid")]
    [TestCase(95, "000000000500000000000000000000000000000000", 42, TestName = "SecondaryBitmap_De95an42_IsValid")]
    public void Field_InItsFormat_IsRead(int field, string wire, int characters)
    {
        var message = Wire.Message("0100", (field, wire));

        var read = IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out var index, out var error);

        Assert.That(read, Is.True, error.ToString());
        Assert.That(index.Has(field), Is.True);
        Assert.That(index.Entry(field).Characters, Is.EqualTo(characters));
        Assert.That(index.Fields, Is.EqualTo(IsoFieldSet.Of(field)));
    }

    [Test]
    public void LllVar_AtItsMaximum999_IsValid()
    {
        var message = Wire.Message("0100", (48, "999" + Printable999));

        Assert.That(IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out var index, out _), Is.True);
        Assert.That(index.Entry(48).Characters, Is.EqualTo(999));
    }

    [Test]
    public void LllVarBinary_De55AtItsMaximum255_IsValid()
    {
        var message = Wire.Message("0100", (55, "255" + new string('\u00FF', 255)));

        Assert.That(IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out var index, out _), Is.True);
        Assert.That(index.Entry(55).Length, Is.EqualTo(255));
    }

    // Each case: the field, its bytes as they travel, the error, and the offset of the fault counted from the
    // field's start (MTI 4 + bitmap 8 = 12, or 20 with a secondary bitmap, is added by the test).
    [TestCase(2, "20" + "99999999999999999999", IsoReadErrorKind.LengthAboveMaximum, 0, TestName = "LlVarNumeric_AboveItsMaximum19_IsLengthAboveMaximum")]
    [TestCase(2, "1A4242", IsoReadErrorKind.LengthPrefixInvalid, 0, TestName = "LlVar_LetterInPrefix_IsLengthPrefixInvalid")]
    [TestCase(2, " 6424242", IsoReadErrorKind.LengthPrefixInvalid, 0, TestName = "LlVar_SpaceInPrefix_IsLengthPrefixInvalid")]
    [TestCase(2, "1", IsoReadErrorKind.Truncated, 0, TestName = "LlVar_HalfAPrefix_IsTruncated")]
    [TestCase(2, "16424242424242424", IsoReadErrorKind.Truncated, 0, TestName = "LlVar_ValueShorterThanPrefix_IsTruncated")]
    [TestCase(2, "164242424242424X42", IsoReadErrorKind.CharacterInvalid, 2 + 13, TestName = "LlVarNumeric_Letter_IsCharacterInvalid")]
    [TestCase(4, "00000000120", IsoReadErrorKind.Truncated, 0, TestName = "FixedNumeric_OneDigitShort_IsTruncated")]
    [TestCase(4, "00000000120 ", IsoReadErrorKind.CharacterInvalid, 11, TestName = "FixedNumeric_SpacePadded_IsCharacterInvalid")]
    [TestCase(4, "-00000001200", IsoReadErrorKind.CharacterInvalid, 0, TestName = "FixedNumeric_Sign_IsCharacterInvalid")]
    [TestCase(35, "38" + "4242424242424242=2812101000000000000000", IsoReadErrorKind.LengthAboveMaximum, 0, TestName = "Track2_AboveItsMaximum37_IsLengthAboveMaximum")]
    [TestCase(35, "064242X2", IsoReadErrorKind.CharacterInvalid, 2 + 4, TestName = "Track2_LetterOtherThanD_IsCharacterInvalid")]
    [TestCase(43, "SEVEN MART SHIBUYA       TOKYO        J\u007F", IsoReadErrorKind.CharacterInvalid, 39, TestName = "FixedAns_Delete_IsCharacterInvalid")]
    [TestCase(43, "SEVEN\tMART SHIBUYA       TOKYO        JP", IsoReadErrorKind.CharacterInvalid, 5, TestName = "FixedAns_Tab_IsCharacterInvalid")]
    [TestCase(43, "SEVEN MART SHIBUYA       TOKYO        J\u00C9", IsoReadErrorKind.CharacterInvalid, 39, TestName = "FixedAns_NonAscii_IsCharacterInvalid")]
    [TestCase(52, "\u0001\u0002\u0003\u0004\u0005\u0006\u0007", IsoReadErrorKind.Truncated, 0, TestName = "FixedBinary_OneByteShort_IsTruncated")]
    [TestCase(54, "121" + "0002392C0000000088000002392C0000000088000002392C0000000088000002392C0000000088000002392C0000000088000002392C00000000880001", IsoReadErrorKind.LengthAboveMaximum, 0, TestName = "LllVarAn_AboveItsMaximum120_IsLengthAboveMaximum")]
    [TestCase(55, "256", IsoReadErrorKind.Truncated, 0, TestName = "LllVarBinary_PrefixWithoutValue_IsTruncated")]
    [TestCase(48, "0x5PA=Y", IsoReadErrorKind.LengthPrefixInvalid, 0, TestName = "LllVar_LetterInPrefix_IsLengthPrefixInvalid")]
    [TestCase(70, "3O1", IsoReadErrorKind.CharacterInvalid, 1, TestName = "SecondaryBitmap_De70WithLetterO_IsCharacterInvalid")]
    public void Field_BreakingItsFormat_IsRefusedWithKindFieldAndOffset(int field, string wire, IsoReadErrorKind kind, int offsetInField)
    {
        var message = Wire.Message("0100", (field, wire));
        var fieldStart = field > 64 ? 20 : 12;

        var read = IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Offset, Is.EqualTo(fieldStart + offsetInField));
        Assert.That(index.Has(field), Is.False, "a refused field is never offered");
    }

    [Test]
    public void LllVarBinary_De55AboveItsMaximum255_IsLengthAboveMaximum()
    {
        var message = Wire.Message("0100", (55, "256" + new string('\u0001', 256)));

        Assert.That(IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out _, out var error), Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.LengthAboveMaximum));
        Assert.That(error.Field, Is.EqualTo(55));
    }

    // Each case: a message that breaks the layout around the fields, and the error it gets.
    [TestCase("", IsoReadErrorKind.Truncated, 0, 0, TestName = "Message_Empty_IsTruncatedInTheMti")]
    [TestCase("010", IsoReadErrorKind.Truncated, 0, 0, TestName = "Message_ThreeDigitMti_IsTruncated")]
    [TestCase("01A0", IsoReadErrorKind.MtiInvalid, 0, 2, TestName = "Mti_WithLetter_IsMtiInvalid")]
    [TestCase("0100\u0020\u0000\u0000", IsoReadErrorKind.Truncated, 1, 4, TestName = "PrimaryBitmap_Short_IsTruncated")]
    [TestCase("0100\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", IsoReadErrorKind.Truncated, 1, 12, TestName = "SecondaryBitmap_Short_IsTruncated")]
    [TestCase("0100\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0000", IsoReadErrorKind.FieldNotDefined, 5, 12, TestName = "Bit_ForUndefinedDe5_IsFieldNotDefined")]
    [TestCase("0100\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0000", IsoReadErrorKind.FieldNotDefined, 65, 20, TestName = "Bit_ForUndefinedDe65_IsFieldNotDefined")]
    [TestCase("0100\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000X", IsoReadErrorKind.BytesLeftOver, 0, 12, TestName = "Message_ByteAfterTheLastField_IsBytesLeftOver")]
    public void Layout_Broken_IsRefused(string latin1, IsoReadErrorKind kind, int field, int offset)
    {
        var message = System.Text.Encoding.Latin1.GetBytes(latin1);

        var read = IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out _, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Offset, Is.EqualTo(offset));
    }

    [Test]
    public void Message_LongerThan65535Bytes_IsMessageTooLong()
    {
        var message = new byte[IsoMessageReader.MessageBytesMax + 1];

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out _, out var error), Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.MessageTooLong));
    }

    [Test]
    public void NumericField_IsReadAsAnInteger()
    {
        var message = Wire.Message("0100", (2, "19" + Digits19), (4, "999999999999"), (11, "000123"));

        Assert.That(IsoMessageReader.TryRead(message, Wire.PoolFormatsOnly, out var index, out _), Is.True);
        Assert.That(index.TryGetNumber(message, 4, out var amount), Is.True);
        Assert.That(amount, Is.EqualTo(999_999_999_999));
        Assert.That(index.TryGetNumber(message, 11, out var stan), Is.True);
        Assert.That(stan, Is.EqualTo(123));
        Assert.That(index.TryGetNumber(message, 2, out _), Is.False, "19 significant digits do not fit a long");
        Assert.That(index.TryGetNumber(message, 3, out _), Is.False, "an absent field has no number");
    }
}
