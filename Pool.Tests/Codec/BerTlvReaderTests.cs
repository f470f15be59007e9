using Pool.Authorization.Engine.Chip;

namespace Pool.Tests.Codec;

/// <summary>BER-TLV chip data (DE55): tags of one to three bytes, short and long lengths, and every refusal.</summary>
public sealed class BerTlvReaderTests
{
    // Each case: chip data in hex, and the tags, lengths and error the reader reports.
    [TestCase("9F2608A1B2C3D4E5F60708", "9F26:8", BerTlvError.None, TestName = "TwoByteTag_9F26_IsRead")]
    [TestCase("820219809F3602002A", "82:2,9F36:2", BerTlvError.None, TestName = "OneAndTwoByteTags_AreReadInOrder")]
    [TestCase("DF810103AABBCC", "DF8101:3", BerTlvError.None, TestName = "ThreeByteTag_IsRead")]
    [TestCase("DF81818101AA", "", BerTlvError.TagTooLong, TestName = "FourByteTag_IsTagTooLong")]
    [TestCase("9F", "", BerTlvError.TagTruncated, TestName = "TagCutAfterItsFirstByte_IsTagTruncated")]
    [TestCase("9F26", "", BerTlvError.LengthTruncated, TestName = "TagWithoutLength_IsLengthTruncated")]
    [TestCase("5A8108" + "4242424242424242", "5A:8", BerTlvError.None, TestName = "LongFormLength81_IsRead")]
    [TestCase("5A820008" + "4242424242424242", "5A:8", BerTlvError.None, TestName = "LongFormLength82_IsRead")]
    [TestCase("5A83000008" + "4242424242424242", "5A:8", BerTlvError.None, TestName = "LongFormLength83_IsRead")]
    [TestCase("5A8400000008" + "4242424242424242", "", BerTlvError.LengthTooLong, TestName = "LongFormLength84_IsLengthTooLong")]
    [TestCase("5A88FFFFFFFFFFFFFFFF", "", BerTlvError.LengthTooLong, TestName = "LengthThatWouldOverflow_IsLengthTooLong")]
    [TestCase("5A80424200", "", BerTlvError.LengthIndefinite, TestName = "IndefiniteLength_IsRefused")]
    [TestCase("5A82", "", BerTlvError.LengthTruncated, TestName = "LongFormLengthCut_IsLengthTruncated")]
    [TestCase("5A09" + "4242424242424242", "", BerTlvError.ValueBeyondData, TestName = "LengthBeyondTheRemainingBytes_IsValueBeyondData")]
    [TestCase("5A83FFFFFF42", "", BerTlvError.ValueBeyondData, TestName = "HugeLengthBeyondTheData_IsValueBeyondData")]
    [TestCase("9F2601AA" + "5A09", "9F26:1", BerTlvError.ValueBeyondData, TestName = "BadObjectAfterAGoodOne_KeepsTheGoodOne")]
    [TestCase("00009F2601AA0000", "9F26:1", BerTlvError.None, TestName = "ZeroPadding_AroundObjects_IsSkipped")]
    [TestCase("DF7F01AA9F2600", "DF7F:1,9F26:0", BerTlvError.None, TestName = "UnknownTagAndEmptyValue_AreReadNotRefused")]
    [TestCase("", "", BerTlvError.None, TestName = "NoData_IsNoObjects")]
    public void ChipData_IsEnumerated(string hex, string expected, BerTlvError error)
    {
        var reader = new BerTlvReader(Convert.FromHexString(hex));
        var seen = new List<string>();

        while (reader.TryReadNext(out var tlv))
        {
            seen.Add($"{tlv.Tag.ToString(tlv.TagBytes == 1 ? "X2" : tlv.TagBytes == 2 ? "X4" : "X6", System.Globalization.CultureInfo.InvariantCulture)}:{tlv.Value.Length}");
        }

        Assert.That(string.Join(",", seen), Is.EqualTo(expected));
        Assert.That(reader.Error, Is.EqualTo(error));
    }

    [Test]
    public void ConstructedTemplate_IsMarkedAndItsValueReadsAsTlv()
    {
        var data = Convert.FromHexString("7706" + "9F2701809F00");
        var reader = new BerTlvReader(data);

        Assert.That(reader.TryReadNext(out var template), Is.True);
        Assert.That(template.IsConstructed, Is.True);
        Assert.That(BerTlvReader.TryFind(template.Value, 0x9F27, out var cid), Is.True);
        Assert.That(cid.ToArray(), Is.EqualTo(new byte[] { 0x80 }));
    }

    [Test]
    public void TryFind_AbsentTag_IsFalse()
    {
        Assert.That(BerTlvReader.TryFind(Convert.FromHexString("9F2601AA"), 0x9F36, out _), Is.False);
    }

    [Test]
    public void EveryTruncationAndByteChange_EndsCleanly()
    {
        var chip = Convert.FromHexString("9F2608A1B2C3D4E5F607089F2701809F100706010A03A000009F3704112233449F360200015F2A020392DF810103AABBCC");
        for (var length = 0; length <= chip.Length; length++)
        {
            AssertEndsCleanly(chip.AsSpan(0, length));
        }

        var mutated = new byte[chip.Length];
        for (var position = 0; position < chip.Length; position++)
        {
            for (var value = 0; value < 256; value++)
            {
                chip.CopyTo(mutated, 0);
                mutated[position] = (byte)value;
                AssertEndsCleanly(mutated);
            }
        }
    }

    private static void AssertEndsCleanly(ReadOnlySpan<byte> data)
    {
        var reader = new BerTlvReader(data);
        var consumed = 0;
        while (reader.TryReadNext(out var tlv))
        {
            Assert.That(tlv.Offset, Is.GreaterThanOrEqualTo(consumed));
            consumed = tlv.Offset + tlv.TagBytes + 1;
        }

        Assert.That(reader.Error == BerTlvError.None || reader.ErrorOffset >= 0, Is.True);
    }
}
