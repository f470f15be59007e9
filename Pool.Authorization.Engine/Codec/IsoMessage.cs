using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// The index of one message, built by <see cref="IsoMessageReader.TryRead"/>: the MTI, the bitmap, and the
/// offset and length of every field in the frame. It does not hold the frame: accessors take the frame's span,
/// so the index can live on the stack while the bytes stay where they arrived. Fixed size, no allocation.
/// After a failed read it still describes the fields that were read (<see cref="Fields"/>), so the link can
/// echo them in its DE39 <c>30</c> answer (link spec §9).
/// </summary>
public readonly struct IsoMessage
{
    // Written only by IsoMessageReader, through Unsafe.AsRef on its `out` parameter: the table is ~800 bytes,
    // and building it in place avoids copying it once per message.
    internal readonly IsoDialect? _dialect;
    internal readonly int _mti;
    internal readonly int _length;
    internal readonly IsoFieldSet _bitmap;
    internal readonly IsoFieldSet _fieldsRead;
    internal readonly IsoFieldTable _entries;

    /// <summary>The dialect the message was read with; null for a default instance.</summary>
    public IsoDialect? Dialect => _dialect;

    /// <summary>The MTI as a number (0100 is 100), or −1 when it could not be read.</summary>
    public int Mti => _mti;

    /// <summary>Bytes of the message as read.</summary>
    public int Length => _length;

    /// <summary>The bitmap as it arrived (DE1 set when a secondary bitmap is present).</summary>
    public IsoFieldSet Bitmap => _bitmap;

    /// <summary>The fields that were read and are valid; equal to the bitmap less DE1 after a successful read.</summary>
    public IsoFieldSet Fields => _fieldsRead;

    /// <summary>Whether field <paramref name="field"/> was read and is valid.</summary>
    public bool Has(int field) => _fieldsRead.Contains(field);

    /// <summary>Where field <paramref name="field"/> lies; default when it was not read.</summary>
    public IsoFieldEntry Entry(int field) => Has(field) ? _entries[field] : default;

    /// <summary>
    /// The wire bytes of a field's value (length prefix excluded). For the ASCII dialects that is the text
    /// itself; for BCD or hexadecimal encodings use <see cref="TryGetCharacters"/> or <see cref="TryGetNumber"/>.
    /// </summary>
    public bool TryGetField(ReadOnlySpan<byte> frame, int field, out ReadOnlySpan<byte> value)
    {
        if (!Has(field) || frame.Length < _length)
        {
            value = default;
            return false;
        }

        var entry = _entries[field];
        value = frame.Slice(entry.Offset, entry.Length);
        return true;
    }

    /// <summary>
    /// A numeric field (<c>n</c>, or <c>x+n</c> with its sign) as an integer, in any encoding; false when the
    /// field is absent, not numeric, or has more than 18 significant digits.
    /// </summary>
    public bool TryGetNumber(ReadOnlySpan<byte> frame, int field, out long value)
    {
        if (!TryGetField(frame, field, out var bytes))
        {
            value = 0;
            return false;
        }

        return IsoFieldFormat.TryParseNumber(_dialect!, in _dialect!.Field(field), bytes, _entries[field].Characters, out value);
    }

    /// <summary>
    /// A field's characters, decoded from the dialect's encoding into <paramref name="destination"/>: ASCII
    /// text for every type but <c>b</c>, raw bytes for <c>b</c>. False when absent or the destination is short.
    /// </summary>
    public bool TryGetCharacters(ReadOnlySpan<byte> frame, int field, Span<byte> destination, out int written)
    {
        written = 0;
        if (!TryGetField(frame, field, out var bytes))
        {
            return false;
        }

        written = IsoFieldFormat.Decode(_dialect!, in _dialect!.Field(field), bytes, _entries[field].Characters, destination);
        if (written < 0)
        {
            written = 0;
            return false;
        }

        return true;
    }

    /// <summary>A field's bytes as they travel, length prefix included, for echoing it unchanged.</summary>
    internal bool TryGetEncoded(ReadOnlySpan<byte> frame, int field, out ReadOnlySpan<byte> encoded)
    {
        if (!Has(field) || frame.Length < _length)
        {
            encoded = default;
            return false;
        }

        var entry = _entries[field];
        int prefixBytes = _dialect!.Layout(field).PrefixBytes;
        encoded = frame.Slice(entry.Offset - prefixBytes, prefixBytes + entry.Length);
        return true;
    }

    internal static void SetHeader(ref IsoMessage message, IsoDialect dialect, int mti, int length, IsoFieldSet bitmap, IsoFieldSet fieldsRead)
    {
        Unsafe.AsRef(in message._dialect) = dialect;
        Unsafe.AsRef(in message._mti) = mti;
        Unsafe.AsRef(in message._length) = length;
        Unsafe.AsRef(in message._bitmap) = bitmap;
        Unsafe.AsRef(in message._fieldsRead) = fieldsRead;
    }

    internal static ref IsoFieldTable EntriesOf(ref IsoMessage message) => ref Unsafe.AsRef(in message._entries);
}
