namespace Pool.Authorization.Engine.Codec;

/// <summary>How digits travel: the MTI, numeric fields and length prefixes each use one of these.</summary>
public enum IsoNumericEncoding : byte
{
    /// <summary>One ASCII digit per byte (<c>0x30</c>–<c>0x39</c>).</summary>
    Ascii = 0,

    /// <summary>Packed BCD, two digits per byte, the high nibble first (jPOS's <c>IFB_*</c> fields).</summary>
    Bcd = 1,
}
