using System.Buffers;
using System.Text;
using Pool.Authorization.Engine.Codec;
using Pool.Authorization.Engine.Framing;

namespace Pool.Tests.Codec;

/// <summary>The writer against the byte-exact examples, and its refusals.</summary>
public sealed class IsoMessageWriterTests
{
    [Test]
    public void Approval0110_EchoingThe0100_IsTheSpecExampleByteForByte()
    {
        var request = SpecExamples.Message(SpecExamples.Purchase0100);
        IsoMessageReader.TryRead(request, IsoDialects.PoolLink, out var index, out _);
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);

        writer.BeginMessage(110);
        foreach (var field in new[] { 2, 3, 4, 7, 11, 32, 37 })
        {
            writer.CopyField(field, request, in index);
        }

        writer.WriteField(38, "A1B2C3"u8);
        writer.WriteField(39, "00"u8);
        writer.CopyField(41, request, in index);
        writer.CopyField(42, request, in index);
        writer.CopyField(49, request, in index);
        writer.WriteField(54, "0002392C000000008800"u8);

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Convert.ToHexString(output.WrittenSpan), Is.EqualTo(Convert.ToHexString(SpecExamples.Frame(SpecExamples.Approval0110))));
    }

    [Test]
    public void EchoAnswer0810_IsTheSpecExampleByteForByte()
    {
        var request = SpecExamples.Message(SpecExamples.EchoTest0800);
        IsoMessageReader.TryRead(request, IsoDialects.PoolLink, out var index, out _);
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);

        writer.BeginMessage(810);
        writer.CopyField(7, request, in index);
        writer.CopyField(11, request, in index);
        writer.WriteField(39, "00"u8);
        writer.CopyField(70, request, in index);

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Convert.ToHexString(output.WrittenSpan), Is.EqualTo(Convert.ToHexString(SpecExamples.Frame(SpecExamples.EchoAnswer0810))));
    }

    [Test]
    public void PartialReversal0400_FromValues_IsTheSpecExampleByteForByte()
    {
        Span<byte> buffer = stackalloc byte[512];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);

        writer.BeginMessage(400);
        writer.WriteField(2, "4242424242424242"u8);
        writer.WriteNumber(3, 0);
        writer.WriteNumber(4, 1200);
        writer.WriteNumber(7, 1124120520);
        writer.WriteNumber(11, 125);
        writer.WriteNumber(32, 123456);
        writer.WriteField(37, "432812345678"u8);
        writer.WriteNumber(49, 392);
        writer.WriteField(90, "010000012311241200000000012345600000000000"u8);
        writer.WriteField(95, "000000000500000000000000000000000000000000"u8);

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Convert.ToHexString(buffer[..writer.BytesWritten]), Is.EqualTo(Convert.ToHexString(SpecExamples.Frame(SpecExamples.PartialReversal0400))));
    }

    [Test]
    public void AsciiDigitsHeader_StatesTheMessageLength()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink, FrameHeaderKind.AsciiDigits4);

        writer.BeginMessage(810);
        writer.WriteNumber(11, 900);
        writer.WriteField(39, "00"u8);

        Assert.That(writer.Complete(), Is.True);
        Assert.That(Encoding.ASCII.GetString(buffer[..4]), Is.EqualTo("0020"), "MTI 4 + bitmap 8 + DE11 6 + DE39 2");
        Assert.That(writer.BytesWritten, Is.EqualTo(24));
    }

    // Link spec §2: fixed n is right-justified and zero-padded, fixed an/ans left-justified and space-padded.
    [TestCase(4, "1200", "000000001200", TestName = "FixedNumeric_Short_IsZeroPaddedOnTheLeft")]
    [TestCase(41, "TERM1", "TERM1   ", TestName = "FixedAns_Short_IsSpacePaddedOnTheRight")]
    [TestCase(38, "", "      ", TestName = "FixedAn_Empty_IsAllSpaces")]
    [TestCase(2, "4242", "044242", TestName = "LlVar_GetsItsTwoDigitPrefix")]
    [TestCase(48, "PA=Y", "004PA=Y", TestName = "LllVar_GetsItsThreeDigitPrefix")]
    [TestCase(48, "", "000", TestName = "LllVar_Empty_IsJustThePrefix")]
    public void WriteField_FormatsPerTheDialect(int field, string characters, string wire)
    {
        Span<byte> buffer = stackalloc byte[2048];
        var writer = new IsoMessageWriter(buffer, Wire.PoolFormatsOnly);

        writer.BeginMessage(100);
        writer.WriteField(field, Encoding.ASCII.GetBytes(characters));

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Wire.Ascii(buffer[12..writer.BytesWritten]), Is.EqualTo(wire));
    }

    // Each case: a call the writer refuses, and the error it names.
    [TestCase(4, "00000000120A", IsoWriteError.ValueInvalid, TestName = "WriteField_LetterInNumeric_IsValueInvalid")]
    [TestCase(4, "0000000012000", IsoWriteError.LengthInvalid, TestName = "WriteField_LongerThanFixed_IsLengthInvalid")]
    [TestCase(2, "42424242424242424242", IsoWriteError.LengthInvalid, TestName = "WriteField_LlVarAboveMaximum_IsLengthInvalid")]
    [TestCase(52, "1234567", IsoWriteError.LengthInvalid, TestName = "WriteField_FixedBinaryShort_IsLengthInvalid")]
    [TestCase(43, "caf\u00e9", IsoWriteError.ValueInvalid, TestName = "WriteField_NonAsciiInAns_IsValueInvalid")]
    [TestCase(5, "000000001200", IsoWriteError.FieldNotDefined, TestName = "WriteField_UndefinedDe5_IsFieldNotDefined")]
    [TestCase(1, "", IsoWriteError.FieldNotDefined, TestName = "WriteField_De1_IsFieldNotDefined")]
    [TestCase(129, "1", IsoWriteError.FieldNotDefined, TestName = "WriteField_De129_IsFieldNotDefined")]
    public void WriteField_Refused_NamesTheErrorAndWritesNothing(int field, string characters, IsoWriteError error)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, Wire.PoolFormatsOnly);

        writer.BeginMessage(100);
        var written = writer.WriteField(field, Encoding.Latin1.GetBytes(characters));

        Assert.That(written, Is.False);
        Assert.That(writer.Error, Is.EqualTo(error));
        Assert.That(writer.ErrorField, Is.EqualTo(field));
        Assert.That(writer.Complete(), Is.False);
        Assert.That(output.WrittenCount, Is.Zero);
    }

    [Test]
    public void WriteField_OutOfOrder_IsFieldOutOfOrder()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(810);
        writer.WriteNumber(11, 900);

        Assert.That(writer.WriteNumber(7, 1124120600), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.FieldOutOfOrder));
        Assert.That(writer.WriteNumber(11, 901), Is.False, "each field once");
    }

    [Test]
    public void WriteField_BeyondTheBuffer_IsBufferTooSmall()
    {
        // MTI 4 + bitmap 8 + DE11 6 = 18 bytes fit; DE39 needs 2 more than the 19 there are.
        Span<byte> buffer = stackalloc byte[19];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(810);
        writer.WriteNumber(11, 900);

        Assert.That(writer.WriteField(39, "00"u8), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.BufferTooSmall));
    }

    [Test]
    public void WriteField_BeforeBeginMessage_IsMessageNotBegun()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        Assert.That(writer.WriteNumber(11, 900), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.MessageNotBegun));
    }

    [Test]
    public void CopyField_FromAnotherDialect_IsFieldNotInRequest()
    {
        var request = SpecExamples.Message(SpecExamples.Purchase0100);
        IsoMessageReader.TryRead(request, Wire.PoolFormatsOnly, out var index, out _);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(110);

        Assert.That(writer.CopyField(2, request, in index), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.FieldNotInRequest));
    }

    [Test]
    public void CopyField_AbsentFromTheRequest_IsFieldNotInRequest()
    {
        var request = SpecExamples.Message(SpecExamples.Purchase0100);
        IsoMessageReader.TryRead(request, IsoDialects.PoolLink, out var index, out _);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(110);

        Assert.That(writer.CopyField(6, request, in index), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.FieldNotInRequest));
    }

    [TestCase(150, "C00000150", TestName = "WriteNumber_SignedAmountPositive_IsCredit")]
    [TestCase(0, "C00000000", TestName = "WriteNumber_SignedAmountZero_IsCredit")]
    [TestCase(-99_999_999, "D99999999", TestName = "WriteNumber_SignedAmountNegative_IsDebit")]
    public void WriteNumber_SignedAmount_HasSignAndZeroPaddedDigits(long value, string wire)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new IsoMessageWriter(buffer, IsoDialects.Iso87Ascii);

        writer.BeginMessage(200);
        writer.WriteNumber(28, value);

        Assert.That(writer.Complete(), Is.True, writer.Error.ToString());
        Assert.That(Wire.Ascii(buffer[20..writer.BytesWritten]), Is.EqualTo(wire));
    }

    [Test]
    public void WriteNumber_NegativeIntoN_IsValueInvalid()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(100);

        Assert.That(writer.WriteNumber(4, -1), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.ValueInvalid));
    }

    [Test]
    public void WriteNumber_TooManyDigits_IsLengthInvalid()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(100);

        Assert.That(writer.WriteNumber(11, 1_000_000), Is.False);
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.LengthInvalid));
    }

    [Test]
    public void SecondaryField_AfterPrimaryOnes_InsertsTheSecondaryBitmap()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new IsoMessageWriter(buffer, IsoDialects.PoolLink);

        writer.BeginMessage(800);
        writer.WriteNumber(7, 1124120600);
        writer.WriteNumber(11, 900);
        writer.WriteNumber(70, 301);

        Assert.That(writer.Complete(), Is.True);
        Assert.That(Convert.ToHexString(buffer[..writer.BytesWritten]), Is.EqualTo(Convert.ToHexString(SpecExamples.Message(SpecExamples.EchoTest0800))));
    }

    [Test]
    public void Writer_AfterComplete_WritesTheNextMessageBehindTheFirst()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, IsoDialects.PoolLink, FrameHeaderKind.BinaryBigEndian2);

        for (var stan = 1; stan <= 2; stan++)
        {
            writer.BeginMessage(810);
            writer.WriteNumber(11, stan);
            writer.WriteField(39, "00"u8);
            Assert.That(writer.Complete(), Is.True);
        }

        Assert.That(output.WrittenCount, Is.EqualTo(2 * 22));
        Assert.That(Wire.Ascii(output.WrittenSpan.Slice(22 + 14, 6)), Is.EqualTo("000002"));
    }

    [Test]
    public void AsciiHeader_MessageAbove9999Bytes_IsBufferTooSmall()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new IsoMessageWriter(output, IsoDialects.Iso87Ascii, FrameHeaderKind.AsciiDigits4, bufferBytes: 20_000);
        var text = Encoding.ASCII.GetBytes(new string('x', 999));

        writer.BeginMessage(200);
        for (var field = 105; field <= 115; field++)
        {
            writer.WriteField(field, text);
        }

        Assert.That(writer.Complete(), Is.False, "four digits cannot state 11,000 bytes");
        Assert.That(writer.Error, Is.EqualTo(IsoWriteError.BufferTooSmall));
        Assert.That(output.WrittenCount, Is.Zero);
    }
}
