using System.Text;
using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>
/// A full ISO 8583:1987 message in each of the two layouts the ecosystem knows best, laid out by hand from the
/// jPOS packagers (not produced by Pool's writer): ISO87A (ASCII, hexadecimal bitmaps and binary fields) and
/// ISO87B (BCD digits and prefixes, binary bitmaps, raw binary fields).
/// </summary>
public sealed class Iso87DialectTests
{
    private static readonly (int Field, string Characters)[] Expected =
    [
        (2, "4242424242424242"), (3, "000000"), (4, "000000001200"), (11, "000123"), (28, "C00000150"),
        (35, "4242424242424242=2812101"), (43, "SEVEN MART SHIBUYA       TOKYO        JP"), (55, "9F2608A1B2C3D4E5F607"),
        (70, "301"), (102, "0123456789"),
    ];

    [Test]
    public void Iso87Ascii_FullMessage_IsDecoded()
    {
        var message = Encoding.Latin1.GetBytes(Iso87Samples.Ascii);

        AssertDecoded(message, IsoDialects.Iso87Ascii);
    }

    [Test]
    public void Iso87Binary_FullMessage_IsDecoded()
    {
        var message = Convert.FromHexString(Iso87Samples.BinaryHex);

        AssertDecoded(message, IsoDialects.Iso87Binary);
    }

    [TestCase(IsoDialects.Iso87AsciiName)]
    [TestCase(IsoDialects.Iso87BinaryName)]
    public void Iso87_FullMessage_IsWrittenByteForByte(string name)
    {
        IsoDialects.TryGet(name, out var dialect);
        var expected = name == IsoDialects.Iso87AsciiName ? Encoding.Latin1.GetBytes(Iso87Samples.Ascii) : Convert.FromHexString(Iso87Samples.BinaryHex);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, dialect!);

        writer.BeginMessage(200);
        foreach (var (field, characters) in Expected.Where(field => field.Field < 52))
        {
            writer.WriteField(field, Encoding.ASCII.GetBytes(characters));
        }

        writer.WriteField(52, [1, 2, 3, 4, 5, 6, 7, 8]);
        foreach (var (field, characters) in Expected.Where(field => field.Field > 52))
        {
            writer.WriteField(field, Encoding.ASCII.GetBytes(characters));
        }

        writer.WriteField(128, [8, 7, 6, 5, 4, 3, 2, 1]);

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Convert.ToHexString(output.WrittenSpan), Is.EqualTo(Convert.ToHexString(expected)));
    }

    // Each case: a fault particular to the packed or hexadecimal encodings, the error and where it points.
    [TestCase(IsoDialects.Iso87BinaryName, "02A0", IsoReadErrorKind.MtiInvalid, 0, 1, TestName = "Iso87Binary_MtiNibbleAbove9_IsMtiInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "2000000000000000" + "0A0000", IsoReadErrorKind.CharacterInvalid, 3, 10, TestName = "Iso87Binary_NibbleAbove9_IsCharacterInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "0000000000000000" + "", IsoReadErrorKind.None, 0, 0, TestName = "Iso87Binary_NoFields_IsValid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "4000000000000000" + "15" + "4242424242424240", IsoReadErrorKind.None, 0, 0, TestName = "Iso87Binary_OddLlVarRightPaddedWithZero_IsValid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "4000000000000000" + "15" + "4242424242424242", IsoReadErrorKind.CharacterInvalid, 2, 18, TestName = "Iso87Binary_OddLlVarWithNonZeroPad_IsCharacterInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "4000000000000000" + "1A" + "4242424242424242", IsoReadErrorKind.LengthPrefixInvalid, 2, 10, TestName = "Iso87Binary_LlPrefixNibbleAbove9_IsLengthPrefixInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "4000000000000000" + "20" + "42424242424242424242", IsoReadErrorKind.LengthAboveMaximum, 2, 10, TestName = "Iso87Binary_LlVarAbove19_IsLengthAboveMaximum")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "0000000000010000" + "1000", IsoReadErrorKind.LengthPrefixInvalid, 48, 10, TestName = "Iso87Binary_LllPrefixAbove999_IsLengthPrefixInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "0000000000010000" + "0000", IsoReadErrorKind.None, 0, 0, TestName = "Iso87Binary_EmptyLllVar_IsValid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "0000200000000000" + "1000", IsoReadErrorKind.CharacterInvalid, 19, 10, TestName = "Iso87Binary_FixedOddNumericWithNonZeroPad_IsCharacterInvalid")]
    [TestCase(IsoDialects.Iso87BinaryName, "0200" + "0000001000000000" + "5800000150", IsoReadErrorKind.CharacterInvalid, 28, 10, TestName = "Iso87Binary_SignedAmountWithSignX_IsCharacterInvalid")]
    public void PackedEncoding_Fault_IsRefused(string name, string hex, IsoReadErrorKind kind, int field, int offset)
    {
        IsoDialects.TryGet(name, out var dialect);
        var message = Convert.FromHexString(hex);

        var read = IsoMessageReader.TryRead(message, dialect!, out _, out var error);

        Assert.That(read, Is.EqualTo(kind == IsoReadErrorKind.None), error.ToString());
        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Offset, Is.EqualTo(offset));
    }

    // Each case: an ISO87A fault in its hexadecimal parts.
    [TestCase("0200" + "G000000000000000", IsoReadErrorKind.BitmapInvalid, 1, 4, TestName = "Iso87Ascii_BitmapWithG_IsBitmapInvalid")]
    [TestCase("0200" + "0000000000000c00" + "0000000000000000" + "000", IsoReadErrorKind.None, 0, 0, TestName = "Iso87Ascii_LowerCaseBitmap_IsValid")]
    [TestCase("0200" + "0000000000001000" + "01020304050607ZZ", IsoReadErrorKind.CharacterInvalid, 52, 34, TestName = "Iso87Ascii_BinaryFieldNotHex_IsCharacterInvalid")]
    [TestCase("0200" + "0000000000001000" + "01020304050607", IsoReadErrorKind.Truncated, 52, 20, TestName = "Iso87Ascii_BinaryFieldShort_IsTruncated")]
    public void HexEncoding_Fault_IsRefused(string ascii, IsoReadErrorKind kind, int field, int offset)
    {
        var message = Encoding.Latin1.GetBytes(ascii);

        var read = IsoMessageReader.TryRead(message, IsoDialects.Iso87Ascii, out _, out var error);

        Assert.That(read, Is.EqualTo(kind == IsoReadErrorKind.None), error.ToString());
        Assert.That(error.Kind, Is.EqualTo(kind));
        Assert.That(error.Field, Is.EqualTo(field));
        Assert.That(error.Offset, Is.EqualTo(offset));
    }

    private static void AssertDecoded(byte[] message, IsoDialect dialect)
    {
        var read = IsoMessageReader.TryRead(message, dialect, out var index, out var error);

        Assert.That(read, Is.True, error.ToString());
        Assert.That(index.Mti, Is.EqualTo(200));
        Assert.That(index.Fields, Is.EqualTo(IsoFieldSet.Of(2, 3, 4, 11, 28, 35, 43, 52, 55, 70, 102, 128)));
        var characters = new byte[64];
        foreach (var (field, expected) in Expected)
        {
            Assert.That(index.TryGetCharacters(message, field, characters, out var count), Is.True, $"DE{field}");
            Assert.That(Encoding.ASCII.GetString(characters, 0, count), Is.EqualTo(expected), $"DE{field}");
        }

        Assert.That(index.TryGetCharacters(message, 52, characters, out var pinBytes), Is.True);
        Assert.That(characters[..pinBytes], Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.That(index.TryGetNumber(message, 4, out var amount), Is.True);
        Assert.That(amount, Is.EqualTo(1200));
        Assert.That(index.TryGetNumber(message, 28, out var fee), Is.True);
        Assert.That(fee, Is.EqualTo(150), "C is a credit: positive");
        Assert.That(index.TryGetNumber(message, 70, out var code), Is.True);
        Assert.That(code, Is.EqualTo(301));
    }
}
