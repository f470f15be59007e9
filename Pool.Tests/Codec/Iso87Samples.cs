namespace Pool.Tests.Codec;

/// <summary>
/// One ISO 8583:1987 0200 in each layout, laid out by hand from the jPOS packagers (ISO87APackager,
/// ISO87BPackager), not produced by Pool's writer.
/// </summary>
internal static class Iso87Samples
{
    // 0200 with DE2 3 4 11 28 35 43 52 55 70 102 128: a secondary bitmap, a signed amount, track 2, binary
    // fields, an LLLVAR and an LLVAR above 64.
    public const string Ascii =
        "0200" + "F020001020201200" + "0400000004000001"
        + "164242424242424242" + "000000" + "000000001200" + "000123" + "C00000150"
        + "244242424242424242=2812101" + "SEVEN MART SHIBUYA       TOKYO        JP"
        + "0102030405060708" + "0209F2608A1B2C3D4E5F607" + "301" + "100123456789" + "0807060504030201";

    public const string BinaryHex =
        "0200" + "F020001020201200" + "0400000004000001"
        + "16" + "4242424242424242" // LL in one BCD byte, 16 digits packed
        + "000000" + "000000001200" + "000123"
        + "43" + "00000150" // 'C' stays ASCII, 8 digits packed (jPOS IFB_AMOUNT)
        + "24" + "4242424242424242D2812101" // track 2 packed, separator as nibble D
        + "534556454E204D415254205348494255594120202020202020544F4B594F20202020202020204A50"
        + "0102030405060708"
        + "0020" + "3946323630384131423243334434453546363037" // LLL in two BCD bytes
        + "0301" // n3 left-padded with a zero nibble
        + "10" + "30313233343536373839"
        + "0807060504030201";
}
