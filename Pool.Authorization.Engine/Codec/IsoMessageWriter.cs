using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Pool.Authorization.Engine.Framing;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Builds ISO 8583 messages into an <see cref="IBufferWriter{T}"/> (a <c>PipeWriter</c>, say) or a span, with
/// no allocation. Fields are written in ascending order; the MTI, the optional frame header and the bitmaps
/// are reserved up front and filled in by <see cref="Complete"/> from the fields written. Each call returns
/// false on a fault and remembers the first one in <see cref="Error"/>; <see cref="Complete"/> then writes
/// nothing.
/// </summary>
/// <remarks>
/// <code>
/// [header 0/2/4][MTI][primary bitmap][secondary bitmap, inserted at the first DE above 64][fields…]
/// </code>
/// The secondary bitmap is inserted by moving the fields written so far, which happens at most once per
/// message and only for messages that carry DE65–DE128 (0400, 0800).
/// </remarks>
public ref struct IsoMessageWriter
{
    /// <summary>
    /// Bytes asked of the buffer writer per message: 4096, the block size of Kestrel's memory pool, so a
    /// connection's <c>PipeWriter</c> serves it from its pool. Link spec §4 answers are far smaller.
    /// </summary>
    public const int BufferBytesDefault = 4096;

    private const ulong SecondaryBitmapBit = 1UL << 63;

    // Longest formatted number: a sign and 19 digits of long.MinValue.
    private const int NumberCharactersMax = 20;

    private readonly IBufferWriter<byte>? _output;
    private readonly IsoDialect _dialect;
    private readonly FrameHeaderKind _header;
    private readonly int _bufferBytes;
    private Span<byte> _buffer;
    private int _position;
    private int _lastField;
    private ulong _primary;
    private ulong _secondary;
    private bool _begun;

    /// <summary>A writer that asks <paramref name="output"/> for <paramref name="bufferBytes"/> per message.</summary>
    public IsoMessageWriter(IBufferWriter<byte> output, IsoDialect dialect, FrameHeaderKind header = FrameHeaderKind.None, int bufferBytes = BufferBytesDefault)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 16);
        _output = output;
        _dialect = dialect;
        _header = header;
        _bufferBytes = bufferBytes;
    }

    /// <summary>
    /// A writer into <paramref name="destination"/>: each message starts at the span's beginning, and
    /// <see cref="BytesWritten"/> tells how much of it the last one used.
    /// </summary>
    public IsoMessageWriter(Span<byte> destination, IsoDialect dialect, FrameHeaderKind header = FrameHeaderKind.None)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _buffer = destination;
        _dialect = dialect;
        _header = header;
        _bufferBytes = destination.Length;
    }

    /// <summary>The first fault since <see cref="BeginMessage"/>.</summary>
    public IsoWriteError Error { get; private set; }

    /// <summary>The field of the first fault, 0 when none or the fault is not a field's.</summary>
    public int ErrorField { get; private set; }

    /// <summary>Bytes of the last completed message, header included.</summary>
    public int BytesWritten { get; private set; }

    /// <summary>Starts a message: reserves the header and the primary bitmap and writes the MTI.</summary>
    public bool BeginMessage(int mti)
    {
        Error = IsoWriteError.None;
        ErrorField = 0;
        _begun = false;
        if ((uint)mti > IsoDialect.MtiMax)
        {
            return Fail(IsoWriteError.MessageNotBegun, 0);
        }

        if (_output is not null)
        {
            _buffer = _output.GetSpan(_bufferBytes);
        }

        _position = LinkFrameLimits.HeaderBytes(_header);
        if (_buffer.Length < _position + _dialect.MtiBytes + _dialect.BitmapBytes)
        {
            return Fail(IsoWriteError.BufferTooSmall, 0);
        }

        WriteMti(_buffer.Slice(_position, _dialect.MtiBytes), mti);
        _position += _dialect.MtiBytes + _dialect.BitmapBytes;
        _primary = 0;
        _secondary = 0;
        _lastField = 1;
        _begun = true;
        return true;
    }

    /// <summary>
    /// Writes a field from its characters: ASCII text, or raw bytes for <c>b</c>. A short fixed <c>n</c> value
    /// is zero-padded on the left and a short fixed <c>an</c>/<c>ans</c> one space-padded on the right (link
    /// spec §2); other fixed values must have the exact length.
    /// </summary>
    public bool WriteField(int field, scoped ReadOnlySpan<byte> characters) =>
        TryStartField(field) && WriteCharacters(field, in _dialect.Field(field), characters);

    /// <summary>
    /// Writes a number into an <c>n</c> field (zero-padded when fixed, shortest digits when variable) or an
    /// <c>x+n</c> field (sign <c>C</c> for zero and above, <c>D</c> below, digits zero-padded).
    /// </summary>
    public bool WriteNumber(int field, long value)
    {
        if (!TryStartField(field))
        {
            return false;
        }

        ref readonly var spec = ref _dialect.Field(field);
        Span<byte> characters = stackalloc byte[NumberCharactersMax];
        if (spec.Type == IsoFieldType.SignedAmount)
        {
            characters[0] = value < 0 ? (byte)'D' : (byte)'C';
            var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
            var digits = spec.LengthMax - 1;
            if (digits > NumberCharactersMax - 1 || !magnitude.TryFormat(characters[1..], out var written))
            {
                return Fail(IsoWriteError.LengthInvalid, field);
            }

            if (written > digits)
            {
                return Fail(IsoWriteError.LengthInvalid, field);
            }

            // Right-justify the digits behind the sign.
            characters.Slice(1, written).CopyTo(characters.Slice(1 + digits - written, written));
            characters.Slice(1, digits - written).Fill((byte)'0');
            return WriteCharacters(field, in spec, characters[..(1 + digits)]);
        }

        if (spec.Type != IsoFieldType.Numeric || value < 0)
        {
            return Fail(IsoWriteError.ValueInvalid, field);
        }

        value.TryFormat(characters, out var length);
        return WriteCharacters(field, in spec, characters[..length]);
    }

    /// <summary>
    /// Echoes a field of a request unchanged (link spec §4 "E") by copying its bytes, length prefix included.
    /// The request must have been read with this writer's dialect.
    /// </summary>
    public bool CopyField(int field, ReadOnlySpan<byte> requestFrame, in IsoMessage request)
    {
        if (!TryStartField(field))
        {
            return false;
        }

        if (!ReferenceEquals(request.Dialect, _dialect) || !request.TryGetEncoded(requestFrame, field, out var encoded))
        {
            return Fail(IsoWriteError.FieldNotInRequest, field);
        }

        if (!TryReserve(field, encoded.Length, out var destination))
        {
            return false;
        }

        encoded.CopyTo(destination);
        return Commit(field, encoded.Length);
    }

    /// <summary>
    /// Fills in the bitmaps and the header and hands the message to the buffer writer. False, with nothing
    /// written, when any call since <see cref="BeginMessage"/> failed.
    /// </summary>
    public bool Complete()
    {
        if (!_begun || Error != IsoWriteError.None)
        {
            _begun = false;
            return Error != IsoWriteError.None ? false : Fail(IsoWriteError.MessageNotBegun, 0);
        }

        _begun = false;
        var headerBytes = LinkFrameLimits.HeaderBytes(_header);
        var messageBytes = _position - headerBytes;
        if (messageBytes > LinkFrameLimits.HeaderFrameBytesMax(_header))
        {
            return Fail(IsoWriteError.BufferTooSmall, 0);
        }

        var bitmapStart = headerBytes + _dialect.MtiBytes;
        WriteBitmap(_buffer.Slice(bitmapStart, _dialect.BitmapBytes), _primary);
        if ((_primary & SecondaryBitmapBit) != 0)
        {
            WriteBitmap(_buffer.Slice(bitmapStart + _dialect.BitmapBytes, _dialect.BitmapBytes), _secondary);
        }

        LinkFrameWriter.WriteHeader(_buffer[..headerBytes], _header, messageBytes);
        BytesWritten = _position;
        _output?.Advance(_position);
        return true;
    }

    private bool WriteCharacters(int field, in IsoFieldSpec spec, scoped ReadOnlySpan<byte> characters)
    {
        if (!IsoFieldFormat.IsValidCharacters(in spec, characters, out _))
        {
            return Fail(IsoWriteError.ValueInvalid, field);
        }

        var padded = spec.LengthKind == IsoLengthKind.Fixed && spec.Type is IsoFieldType.Numeric or IsoFieldType.AlphaNumeric or IsoFieldType.AlphaNumericSpecial;
        var lengthInvalid = characters.Length > spec.LengthMax || (spec.LengthKind == IsoLengthKind.Fixed && !padded && characters.Length != spec.LengthMax);
        if (lengthInvalid)
        {
            return Fail(IsoWriteError.LengthInvalid, field);
        }

        ref readonly var layout = ref _dialect.Layout(field);
        var count = spec.LengthKind == IsoLengthKind.Fixed ? spec.LengthMax : characters.Length;
        int prefixBytes = layout.PrefixBytes;
        var valueBytes = prefixBytes == 0 ? layout.FixedValueBytes : _dialect.ValueBytes(in spec, count);
        if (!TryReserve(field, prefixBytes + valueBytes, out var destination))
        {
            return false;
        }

        IsoFieldFormat.WritePrefix(destination[..prefixBytes], _dialect.LengthEncoding, count);
        IsoFieldFormat.Encode(_dialect, in spec, characters, count, destination[prefixBytes..]);
        return Commit(field, prefixBytes + valueBytes);
    }

    private bool TryStartField(int field)
    {
        if (!_begun)
        {
            return Error != IsoWriteError.None ? false : Fail(IsoWriteError.MessageNotBegun, field);
        }

        if ((uint)(field - 2) > IsoFieldSet.FieldNumberMax - 2 || _dialect.Layout(field).Check == IsoFieldCheck.Undefined)
        {
            return Fail(IsoWriteError.FieldNotDefined, field);
        }

        if (field <= _lastField)
        {
            return Fail(IsoWriteError.FieldOutOfOrder, field);
        }

        return true;
    }

    private bool TryReserve(int field, int bytes, out Span<byte> destination)
    {
        destination = default;
        var secondaryNeeded = field > 64 && (_primary & SecondaryBitmapBit) == 0;
        var extra = secondaryNeeded ? _dialect.BitmapBytes : 0;
        if (_buffer.Length - _position < bytes + extra)
        {
            return Fail(IsoWriteError.BufferTooSmall, field);
        }

        if (secondaryNeeded)
        {
            // Make room for the secondary bitmap behind the primary one.
            var fieldsStart = LinkFrameLimits.HeaderBytes(_header) + _dialect.MtiBytes + _dialect.BitmapBytes;
            var fields = _buffer[fieldsStart.._position];
            fields.CopyTo(_buffer[(fieldsStart + extra)..]);
            _position += extra;
            _primary |= SecondaryBitmapBit;
        }

        destination = _buffer.Slice(_position, bytes);
        return true;
    }

    private bool Commit(int field, int bytes)
    {
        _position += bytes;
        _lastField = field;
        if (field <= 64)
        {
            _primary |= 1UL << (64 - field);
        }
        else
        {
            _secondary |= 1UL << (128 - field);
        }

        return true;
    }

    private bool Fail(IsoWriteError error, int field)
    {
        if (Error == IsoWriteError.None)
        {
            Error = error;
            ErrorField = field;
        }

        return false;
    }

    private readonly void WriteMti(Span<byte> destination, int mti)
    {
        if (_dialect.NumericEncoding == IsoNumericEncoding.Ascii)
        {
            destination[0] = (byte)('0' + (mti / 1000));
            destination[1] = (byte)('0' + (mti / 100 % 10));
            destination[2] = (byte)('0' + (mti / 10 % 10));
            destination[3] = (byte)('0' + (mti % 10));
            return;
        }

        destination[0] = (byte)(((mti / 1000) << 4) | (mti / 100 % 10));
        destination[1] = (byte)(((mti / 10 % 10) << 4) | (mti % 10));
    }

    private readonly void WriteBitmap(Span<byte> destination, ulong bits)
    {
        if (_dialect.BitmapEncoding == IsoBitmapEncoding.Binary)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, bits);
            return;
        }

        Debug.Assert(destination.Length == 16, "a hexadecimal bitmap is 16 characters");
        for (var index = 15; index >= 0; index--)
        {
            destination[index] = IsoFieldFormat.HexDigit((int)(bits & 0xF));
            bits >>= 4;
        }
    }
}
