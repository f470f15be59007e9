using System.Diagnostics.CodeAnalysis;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// The dialects Pool ships, by the names operators use: <c>pool</c> (the authorization link spec),
/// <c>iso87a</c> and <c>iso87b</c> (the whole ISO 8583:1987 field set in jPOS's ISO87A and ISO87B layouts).
/// </summary>
public static partial class IsoDialects
{
    /// <summary>The name of <see cref="PoolLink"/>.</summary>
    public const string PoolLinkName = "pool";

    /// <summary>The name of <see cref="Iso87Ascii"/>.</summary>
    public const string Iso87AsciiName = "iso87a";

    /// <summary>The name of <see cref="Iso87Binary"/>.</summary>
    public const string Iso87BinaryName = "iso87b";

    /// <summary>
    /// The link spec's dialect (§2–§4): ASCII MTI, binary bitmaps, ASCII digits and ASCII length prefixes, raw
    /// binary fields, and the mandatory and allowed fields of every MTI of §4 and the repeats of §8.
    /// </summary>
    public static IsoDialect PoolLink { get; } = new(
        PoolLinkName,
        IsoNumericEncoding.Ascii,
        IsoNumericEncoding.Ascii,
        IsoBitmapEncoding.Binary,
        IsoBinaryEncoding.Raw,
        PoolLinkFields(),
        PoolLinkRules());

    /// <summary>
    /// ISO 8583:1987, DE2–DE128, all in ASCII: digits and prefixes as ASCII digits, bitmaps and binary fields as
    /// hexadecimal text (the layout of jPOS's ISO87APackager). No rules per MTI.
    /// </summary>
    public static IsoDialect Iso87Ascii { get; } = new(
        Iso87AsciiName,
        IsoNumericEncoding.Ascii,
        IsoNumericEncoding.Ascii,
        IsoBitmapEncoding.Hex,
        IsoBinaryEncoding.Hex,
        Iso87Fields(),
        []);

    /// <summary>
    /// ISO 8583:1987, DE2–DE128, packed: MTI, digits and length prefixes in BCD, binary bitmaps, raw binary fields
    /// (the layout of jPOS's ISO87BPackager). No rules per MTI.
    /// </summary>
    public static IsoDialect Iso87Binary { get; } = new(
        Iso87BinaryName,
        IsoNumericEncoding.Bcd,
        IsoNumericEncoding.Bcd,
        IsoBitmapEncoding.Binary,
        IsoBinaryEncoding.Raw,
        Iso87Fields(),
        []);

    /// <summary>The dialect with the name operators use (ordinal, case-insensitive).</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out IsoDialect? dialect)
    {
        dialect = name?.ToUpperInvariant() switch
        {
            "POOL" => PoolLink,
            "ISO87A" => Iso87Ascii,
            "ISO87B" => Iso87Binary,
            _ => null,
        };
        return dialect is not null;
    }

    private static IsoFieldSpec N(int length, string name) => new(IsoFieldType.Numeric, IsoLengthKind.Fixed, length, name);

    private static IsoFieldSpec NLl(int lengthMax, string name) => new(IsoFieldType.Numeric, IsoLengthKind.LlVar, lengthMax, name);

    private static IsoFieldSpec NLll(int lengthMax, string name) => new(IsoFieldType.Numeric, IsoLengthKind.LllVar, lengthMax, name);

    private static IsoFieldSpec An(int length, string name) => new(IsoFieldType.AlphaNumeric, IsoLengthKind.Fixed, length, name);

    private static IsoFieldSpec AnLl(int lengthMax, string name) => new(IsoFieldType.AlphaNumeric, IsoLengthKind.LlVar, lengthMax, name);

    private static IsoFieldSpec AnLll(int lengthMax, string name) => new(IsoFieldType.AlphaNumeric, IsoLengthKind.LllVar, lengthMax, name);

    private static IsoFieldSpec Ans(int length, string name) => new(IsoFieldType.AlphaNumericSpecial, IsoLengthKind.Fixed, length, name);

    private static IsoFieldSpec AnsLl(int lengthMax, string name) => new(IsoFieldType.AlphaNumericSpecial, IsoLengthKind.LlVar, lengthMax, name);

    private static IsoFieldSpec AnsLll(int lengthMax, string name) => new(IsoFieldType.AlphaNumericSpecial, IsoLengthKind.LllVar, lengthMax, name);

    private static IsoFieldSpec ZLl(int lengthMax, string name) => new(IsoFieldType.Track2, IsoLengthKind.LlVar, lengthMax, name);

    private static IsoFieldSpec B(int length, string name) => new(IsoFieldType.Binary, IsoLengthKind.Fixed, length, name);

    private static IsoFieldSpec BLll(int lengthMax, string name) => new(IsoFieldType.Binary, IsoLengthKind.LllVar, lengthMax, name);

    private static IsoFieldSpec XN(int length, string name) => new(IsoFieldType.SignedAmount, IsoLengthKind.Fixed, length, name);
}
