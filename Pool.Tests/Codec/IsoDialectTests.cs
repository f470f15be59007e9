using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>The shipped dialect tables against their sources: link spec §3 and ISO 8583:1987 as jPOS lays it out.</summary>
public sealed class IsoDialectTests
{
    // Link spec §3, row by row.
    [TestCase(2, "n..19 LLVAR")]
    [TestCase(3, "n6")]
    [TestCase(4, "n12")]
    [TestCase(6, "n12")]
    [TestCase(7, "n10")]
    [TestCase(10, "n8")]
    [TestCase(11, "n6")]
    [TestCase(12, "n6")]
    [TestCase(13, "n4")]
    [TestCase(14, "n4")]
    [TestCase(18, "n4")]
    [TestCase(19, "n3")]
    [TestCase(22, "n3")]
    [TestCase(25, "n2")]
    [TestCase(32, "n..11 LLVAR")]
    [TestCase(35, "z..37 LLVAR")]
    [TestCase(37, "an12")]
    [TestCase(38, "an6")]
    [TestCase(39, "an2")]
    [TestCase(41, "ans8")]
    [TestCase(42, "ans15")]
    [TestCase(43, "ans40")]
    [TestCase(48, "ans...999 LLLVAR")]
    [TestCase(49, "n3")]
    [TestCase(51, "n3")]
    [TestCase(52, "b8")]
    [TestCase(54, "an...120 LLLVAR")]
    [TestCase(55, "b...255 LLLVAR")]
    [TestCase(70, "n3")]
    [TestCase(90, "n42")]
    [TestCase(95, "an42")]
    public void PoolLink_Field_HasTheFormatOfTheSpec(int field, string format)
    {
        Assert.That(IsoDialects.PoolLink.Field(field).ToString(), Is.EqualTo(format));
    }

    [Test]
    public void PoolLink_DefinesExactlyTheFieldsOfTheSpec()
    {
        var spec = IsoFieldSet.Of(2, 3, 4, 6, 7, 10, 11, 12, 13, 14, 18, 19, 22, 25, 32, 35, 37, 38, 39, 41, 42, 43, 48, 49, 51, 52, 54, 55, 70, 90, 95);

        Assert.That(IsoDialects.PoolLink.Defined, Is.EqualTo(spec));
    }

    [Test]
    public void Iso87_DefinesEveryFieldFrom2To128()
    {
        var all = default(IsoFieldSet);
        for (var field = 2; field <= 128; field++)
        {
            all = all.With(field);
        }

        Assert.That(IsoDialects.Iso87Ascii.Defined, Is.EqualTo(all));
        Assert.That(IsoDialects.Iso87Binary.Defined, Is.EqualTo(all));
    }

    // Spot checks of the 1987 table where formats are easy to get wrong.
    [TestCase(28, "x+n9", TestName = "Iso87_De28_IsSignedAmountWithSign")]
    [TestCase(35, "z..37 LLVAR", TestName = "Iso87_De35_IsTrack2")]
    [TestCase(36, "n...104 LLLVAR", TestName = "Iso87_De36_IsTrack3")]
    [TestCase(52, "b8", TestName = "Iso87_De52_IsEightBytes")]
    [TestCase(65, "b1", TestName = "Iso87_De65_IsOneByte")]
    [TestCase(90, "n42", TestName = "Iso87_De90_IsOriginalDataElements")]
    [TestCase(97, "x+n17", TestName = "Iso87_De97_IsSignedAmountOf16Digits")]
    [TestCase(128, "b8", TestName = "Iso87_De128_IsTheSecondaryMac")]
    public void Iso87_Field_HasTheFormatOfTheStandard(int field, string format)
    {
        Assert.That(IsoDialects.Iso87Ascii.Field(field).ToString(), Is.EqualTo(format));
    }

    [TestCase("pool", "pool")]
    [TestCase("iso87a", "iso87a")]
    [TestCase("ISO87B", "iso87b")]
    public void TryGet_KnownName_FindsTheDialect(string name, string expected)
    {
        Assert.That(IsoDialects.TryGet(name, out var dialect), Is.True);
        Assert.That(dialect!.Name, Is.EqualTo(expected));
    }

    [Test]
    public void TryGet_UnknownName_FindsNothing()
    {
        Assert.That(IsoDialects.TryGet("visa", out _), Is.False);
    }

    [Test]
    public void Constructor_LlVarLongerThan99_IsRefused()
    {
        var fields = new IsoFieldSpec[IsoDialect.FieldTableLength];
        fields[2] = new IsoFieldSpec(IsoFieldType.Numeric, IsoLengthKind.LlVar, 100, "too long");

        Assert.That(
            () => new IsoDialect("bad", IsoNumericEncoding.Ascii, IsoNumericEncoding.Ascii, IsoBitmapEncoding.Binary, IsoBinaryEncoding.Raw, fields, []),
            Throws.ArgumentException);
    }

    [Test]
    public void Constructor_RuleAllowingAnUndefinedField_IsRefused()
    {
        var fields = new IsoFieldSpec[IsoDialect.FieldTableLength];
        fields[2] = new IsoFieldSpec(IsoFieldType.Numeric, IsoLengthKind.LlVar, 19, "PAN");
        var rules = new[] { new IsoMtiRule(100, IsoFieldSet.Of(2, 3), default) };

        Assert.That(
            () => new IsoDialect("bad", IsoNumericEncoding.Ascii, IsoNumericEncoding.Ascii, IsoBitmapEncoding.Binary, IsoBinaryEncoding.Raw, fields, rules),
            Throws.ArgumentException);
    }
}
