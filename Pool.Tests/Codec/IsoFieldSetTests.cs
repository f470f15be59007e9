using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>Sets of data elements laid out like the wire bitmaps.</summary>
public sealed class IsoFieldSetTests
{
    // Each case: a field number and the bitmap word bit that stands for it.
    [TestCase(1, 0x8000000000000000UL, 0UL, TestName = "De1_IsTheTopBitOfThePrimaryWord")]
    [TestCase(64, 1UL, 0UL, TestName = "De64_IsTheLowBitOfThePrimaryWord")]
    [TestCase(65, 0UL, 0x8000000000000000UL, TestName = "De65_IsTheTopBitOfTheSecondaryWord")]
    [TestCase(128, 0UL, 1UL, TestName = "De128_IsTheLowBitOfTheSecondaryWord")]
    public void Field_MapsToItsBitmapBit(int field, ulong primary, ulong secondary)
    {
        var set = IsoFieldSet.Of(field);

        Assert.That(set.Primary, Is.EqualTo(primary));
        Assert.That(set.Secondary, Is.EqualTo(secondary));
        Assert.That(set.Contains(field), Is.True);
        Assert.That(set.First(), Is.EqualTo(field));
    }

    [TestCase(0)]
    [TestCase(129)]
    [TestCase(-1)]
    public void Contains_NumberOutside1To128_IsFalse(int field)
    {
        var all = new IsoFieldSet(ulong.MaxValue, ulong.MaxValue);

        Assert.That(all.Contains(field), Is.False);
    }

    [Test]
    public void SpecExampleBitmap_HasTheSpecsFields()
    {
        // Link spec §10: 72 3C 64 01 08 E0 80 00 is bits 2 3 4 7 11 12 13 14 18 19 22 32 37 41 42 43 49.
        var set = IsoFieldSet.Of(2, 3, 4, 7, 11, 12, 13, 14, 18, 19, 22, 32, 37, 41, 42, 43, 49);

        Assert.That(set.ToString(), Is.EqualTo("723C640108E08000"));
        Assert.That(set.Count, Is.EqualTo(17));
    }

    [Test]
    public void Empty_HasNoFirstField()
    {
        Assert.That(default(IsoFieldSet).First(), Is.Zero);
        Assert.That(default(IsoFieldSet).IsEmpty, Is.True);
    }
}
