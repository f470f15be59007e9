using System.Text;
using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>The reader against the byte-exact examples of the link spec.</summary>
public sealed class IsoMessageReaderSpecExampleTests
{
    [TestCaseSource(typeof(SpecExamples), nameof(SpecExamples.WellFormed))]
    public void SpecExample_IsReadWithoutError(string heading)
    {
        var frame = SpecExamples.Frame(heading);
        var message = frame.AsSpan(2);

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.True, error.ToString());
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.None));
        Assert.That((frame[0] << 8) | frame[1], Is.EqualTo(message.Length), "the header states the message length");
        Assert.That(index.Fields, Is.EqualTo(index.Bitmap.Except(IsoFieldSet.Of(1))));
    }

    [Test]
    public void Purchase0100_HasTheSpecsPrimaryBitmapAndValues()
    {
        var message = SpecExamples.Message(SpecExamples.Purchase0100);

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out _), Is.True);

        // Link spec §10: bits 2 3 4 7 11 12 13 14 18 19 22 32 37 41 42 43 49.
        Assert.That(index.Bitmap.Primary, Is.EqualTo(0x723C640108E08000UL));
        Assert.That(index.Bitmap.Secondary, Is.Zero);
        Assert.That(index.Fields, Is.EqualTo(IsoFieldSet.Of(2, 3, 4, 7, 11, 12, 13, 14, 18, 19, 22, 32, 37, 41, 42, 43, 49)));
        Assert.That(index.Mti, Is.EqualTo(100));
        Assert.That(Text(message, index, 2), Is.EqualTo("4242424242424242"));
        Assert.That(index.TryGetNumber(message, 4, out var amount), Is.True);
        Assert.That(amount, Is.EqualTo(1200));
        Assert.That(index.TryGetNumber(message, 11, out var stan), Is.True);
        Assert.That(stan, Is.EqualTo(123));
        Assert.That(Text(message, index, 43), Is.EqualTo("SEVEN MART SHIBUYA       TOKYO        JP"));
        Assert.That(index.TryGetNumber(message, 49, out var currency), Is.True);
        Assert.That(currency, Is.EqualTo(392));
    }

    [Test]
    public void Purchase0100WithTrack2_HasFifthBitmapByte28()
    {
        // Link spec §10: "with DE35 present the fifth byte is 28".
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var request = SpecExamples.Message(SpecExamples.Purchase0100);
        Assert.That(IsoMessageReader.TryRead(request, IsoDialects.PoolLink, out var index, out _), Is.True);
        var output = new IsoMessageWriter(writer, IsoDialects.PoolLink);
        output.BeginMessage(100);
        foreach (var field in new[] { 2, 3, 4, 7, 11, 12, 13, 14, 18, 19, 22, 32 })
        {
            output.CopyField(field, request, in index);
        }

        output.WriteField(35, "4242424242424242=2812"u8);
        foreach (var field in new[] { 37, 41, 42, 43, 49 })
        {
            output.CopyField(field, request, in index);
        }

        Assert.That(output.Complete(), Is.True, output.Error.ToString());
        Assert.That(IsoMessageReader.TryRead(writer.WrittenSpan, IsoDialects.PoolLink, out var withTrack2, out var error), Is.True, error.ToString());
        Assert.That(writer.WrittenSpan.Slice(4, 8).ToArray(), Is.EqualTo(Convert.FromHexString("723C640128E08000")));
        Assert.That(withTrack2.Has(35), Is.True);
    }

    [Test]
    public void Reversal0400_CarriesDe90InTheSecondaryBitmap()
    {
        var message = SpecExamples.Message(SpecExamples.PartialReversal0400);

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out _), Is.True);

        Assert.That(index.Bitmap.Contains(1), Is.True, "bit 1 announces the secondary bitmap");
        Assert.That(Text(message, index, 90), Is.EqualTo("010000012311241200000000012345600000000000"));
        Assert.That(Text(message, index, 95), Is.EqualTo("000000000500000000000000000000000000000000"));
    }

    [Test]
    public void EchoTest0800_CarriesDe70()
    {
        var message = SpecExamples.Message(SpecExamples.EchoTest0800);

        Assert.That(IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out _), Is.True);

        Assert.That(index.TryGetNumber(message, 70, out var code), Is.True);
        Assert.That(code, Is.EqualTo(301));
    }

    [Test]
    public void LetterInDe4_IsCharacterInvalidWithMtiAndStanReadable()
    {
        var message = SpecExamples.Message(SpecExamples.MalformedLetterInDe4);

        var read = IsoMessageReader.TryRead(message, IsoDialects.PoolLink, out var index, out var error);

        Assert.That(read, Is.False);
        Assert.That(error.Kind, Is.EqualTo(IsoReadErrorKind.CharacterInvalid));
        Assert.That(error.Field, Is.EqualTo(4));
        // MTI 4 + bitmap 8 + DE2 (2 + 16) + DE3 6 = 36: DE4 starts there, and its 9th character is the 'A'.
        Assert.That(error.Offset, Is.EqualTo(36 + 8));
        Assert.That(message[error.Offset], Is.EqualTo((byte)'A'));
        Assert.That(error.MtiReadable, Is.True);
        Assert.That(error.Mti, Is.EqualTo(100));
        Assert.That(error.StanReadable, Is.True, "link spec §9: DE11 comes after DE4 and is still read");
        Assert.That(error.Stan, Is.EqualTo(123));
        Assert.That(index.Has(4), Is.False, "the bad field is not offered");
        Assert.That(index.Has(2) && index.Has(11) && index.Has(49), Is.True, "the fields around it are");
    }

    private static string Text(ReadOnlySpan<byte> message, in IsoMessage index, int field)
    {
        Assert.That(index.TryGetField(message, field, out var value), Is.True, $"DE{field}");
        return Encoding.ASCII.GetString(value);
    }
}
