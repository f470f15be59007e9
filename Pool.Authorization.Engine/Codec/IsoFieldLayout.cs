namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// A dialect row turned into what the reader and writer need per field, computed when the dialect is built:
/// the check, the prefix bytes and, for fixed fields, the value bytes.
/// </summary>
internal readonly struct IsoFieldLayout
{
    public IsoFieldLayout(IsoFieldCheck check, int prefixBytes, int lengthMax, int fixedValueBytes)
    {
        Check = check;
        PrefixBytes = (byte)prefixBytes;
        LengthMax = (ushort)lengthMax;
        FixedValueBytes = (ushort)fixedValueBytes;
    }

    public IsoFieldCheck Check { get; }

    public byte PrefixBytes { get; }

    public ushort LengthMax { get; }

    /// <summary>Wire bytes of a fixed field's value; 0 for LLVAR and LLLVAR fields.</summary>
    public ushort FixedValueBytes { get; }
}
