namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Where one field's value lies in its frame: the offset and byte length of the value (length prefix excluded)
/// and the number of characters it holds (which differs from the bytes for BCD and hexadecimal encodings).
/// 16-bit, because a frame is at most 65,535 bytes (<see cref="IsoMessageReader.MessageBytesMax"/>).
/// </summary>
public readonly struct IsoFieldEntry
{
    internal IsoFieldEntry(int offset, int length, int characters)
    {
        Offset = (ushort)offset;
        Length = (ushort)length;
        Characters = (ushort)characters;
    }

    /// <summary>Offset of the value's first byte in the frame.</summary>
    public ushort Offset { get; }

    /// <summary>Bytes of the value on the wire.</summary>
    public ushort Length { get; }

    /// <summary>Characters (digits, bytes for binary) the value holds.</summary>
    public ushort Characters { get; }
}
