namespace Pool.Authorization.Engine.Chip;

/// <summary>One BER-TLV data object: its tag (up to three bytes, as a number), value and position.</summary>
public readonly ref struct BerTlv
{
    internal BerTlv(int tag, int tagBytes, int offset, ReadOnlySpan<byte> value)
    {
        Tag = tag;
        TagBytes = tagBytes;
        Offset = offset;
        Value = value;
    }

    /// <summary>The tag's bytes as a big-endian number: <c>0x9F26</c> for the application cryptogram.</summary>
    public int Tag { get; }

    /// <summary>How many bytes the tag takes (1–3).</summary>
    public int TagBytes { get; }

    /// <summary>Offset of the tag's first byte in the data given to the reader.</summary>
    public int Offset { get; }

    /// <summary>The value.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Whether the value is itself BER-TLV (bit 6 of the first tag byte).</summary>
    public bool IsConstructed => ((Tag >> (8 * (TagBytes - 1))) & 0x20) != 0;
}
