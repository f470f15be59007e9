namespace Pool.Authorization.Engine.Chip;

/// <summary>
/// Enumerates the BER-TLV data objects of chip data (DE55, EMV Book 3 Annex B) without allocating: tag,
/// length and value span. Every tag is returned, known or not; a consumer skips what it does not need, so an
/// unknown tag is never an error. A length beyond the remaining bytes, or one that overflows, stops the
/// enumeration with <see cref="Error"/> set. Pool does not store DE55 (link spec §3); this serves the
/// inspector and any future cryptogram check.
/// </summary>
/// <remarks>
/// <code>
/// tag:    b1 [b2 [b3]]   b1 &amp; 0x1F == 0x1F: more bytes follow, each with bit 8 set while another follows
/// length: 0x00–0x7F      short form
///         0x81 LL | 0x82 LL LL | 0x83 LL LL LL   long form; 0x80 (indefinite) and 0x84+ refused
/// value:  length bytes
/// </code>
/// </remarks>
public ref struct BerTlvReader
{
    /// <summary>Longest tag: three bytes, the most EMV assigns (e.g. <c>9F 81 xx</c> would be the first over).</summary>
    public const int TagBytesMax = 3;

    /// <summary>Longest long-form length: three bytes after the 0x8n byte, up to 16 MiB, far above any DE55.</summary>
    public const int LengthBytesMax = 3;

    /// <summary>EMV Book 3 Annex B: 0x00 bytes may appear before, between and after data objects.</summary>
    private const byte Padding = 0x00;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>A reader over <paramref name="data"/>, the value of DE55 or of a constructed object.</summary>
    public BerTlvReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        Error = BerTlvError.None;
        ErrorOffset = -1;
    }

    /// <summary>Why reading stopped early; <see cref="BerTlvError.None"/> after a clean end.</summary>
    public BerTlvError Error { get; private set; }

    /// <summary>Offset of the object at fault, or −1.</summary>
    public int ErrorOffset { get; private set; }

    /// <summary>
    /// Finds the first object with <paramref name="tag"/> at the top level of <paramref name="data"/>; false
    /// when it is absent or the data is malformed before it.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> data, int tag, out ReadOnlySpan<byte> value)
    {
        var reader = new BerTlvReader(data);
        while (reader.TryReadNext(out var tlv))
        {
            if (tlv.Tag == tag)
            {
                value = tlv.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The next object; false at the end of the data or at a fault (see <see cref="Error"/>).</summary>
    public bool TryReadNext(out BerTlv tlv)
    {
        tlv = default;
        if (Error != BerTlvError.None)
        {
            return false;
        }

        while (_position < _data.Length && _data[_position] == Padding)
        {
            _position++;
        }

        if (_position >= _data.Length)
        {
            return false;
        }

        var start = _position;
        var remaining = _data[_position..];
        if (!TryReadTag(remaining, out var tag, out var tagBytes, out var tagError))
        {
            return Fail(tagError, start);
        }

        if (!TryReadLength(remaining[tagBytes..], out var length, out var lengthBytes, out var lengthError))
        {
            return Fail(lengthError, start);
        }

        var valueStart = tagBytes + lengthBytes;
        if (length > remaining.Length - valueStart)
        {
            return Fail(BerTlvError.ValueBeyondData, start);
        }

        tlv = new BerTlv(tag, tagBytes, start, remaining.Slice(valueStart, length));
        _position += valueStart + length;
        return true;
    }

    private static bool TryReadTag(ReadOnlySpan<byte> data, out int tag, out int tagBytes, out BerTlvError error)
    {
        tag = data[0];
        tagBytes = 1;
        error = BerTlvError.None;
        if ((data[0] & 0x1F) != 0x1F)
        {
            return true;
        }

        // Subsequent bytes: bit 8 set means another byte follows.
        while (true)
        {
            if (tagBytes >= data.Length)
            {
                error = BerTlvError.TagTruncated;
                return false;
            }

            if (tagBytes == TagBytesMax)
            {
                error = BerTlvError.TagTooLong;
                return false;
            }

            var next = data[tagBytes++];
            tag = (tag << 8) | next;
            if ((next & 0x80) == 0)
            {
                return true;
            }
        }
    }

    private static bool TryReadLength(ReadOnlySpan<byte> data, out int length, out int lengthBytes, out BerTlvError error)
    {
        length = 0;
        lengthBytes = 0;
        error = BerTlvError.None;
        if (data.IsEmpty)
        {
            error = BerTlvError.LengthTruncated;
            return false;
        }

        var first = data[0];
        lengthBytes = 1;
        if (first < 0x80)
        {
            length = first;
            return true;
        }

        var count = first & 0x7F;
        if (count == 0)
        {
            error = BerTlvError.LengthIndefinite;
            return false;
        }

        if (count > LengthBytesMax)
        {
            error = BerTlvError.LengthTooLong;
            return false;
        }

        if (data.Length - 1 < count)
        {
            error = BerTlvError.LengthTruncated;
            return false;
        }

        // At most three bytes: the value fits an int without overflow by construction.
        for (var index = 1; index <= count; index++)
        {
            length = (length << 8) | data[index];
        }

        lengthBytes = 1 + count;
        return true;
    }

    private bool Fail(BerTlvError error, int offset)
    {
        Error = error;
        ErrorOffset = offset;
        return false;
    }
}
