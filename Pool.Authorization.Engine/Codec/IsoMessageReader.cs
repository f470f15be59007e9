using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// Reads one ISO 8583 message from its bytes into an <see cref="IsoMessage"/> index, validating every field
/// against the dialect. No allocation, no copy, no exception for malformed input.
/// </summary>
/// <remarks>
/// <code>
///   MTI        bitmap(s)                 DE2                  DE3 …                  end
/// +----------+-------------------------+--------------------+---------------------+
/// | 4 digits | 8 (+8 when bit 1 is set) | LL prefix | digits | 6 digits | …        | nothing left over
/// +----------+-------------------------+--------------------+---------------------+
///   (BCD: 2 bytes; hexadecimal bitmaps: 16 characters each; BCD prefixes: 1 byte for LL, 2 for LLL)
/// </code>
/// A field whose extent is known but whose content is bad (a letter in DE4, a prefix above the maximum) is
/// recorded as the error and skipped, and reading goes on: link spec §9 answers such a message when DE11 can be
/// read, and DE11 usually comes after the bad field. A structural fault (a bad prefix, an undefined field,
/// a truncation) ends reading, because nothing after it can be located.
/// </remarks>
public static class IsoMessageReader
{
    /// <summary>
    /// The longest message the index can describe: 65,535 bytes, the most a 2-byte length header can state
    /// (link spec §1), which is also why field offsets are 16-bit.
    /// </summary>
    public const int MessageBytesMax = ushort.MaxValue;

    private const ulong SecondaryBitmapBit = 1UL << 63;
    private const int StanField = 11;

    /// <summary>
    /// Reads and validates <paramref name="message"/> from <paramref name="frame"/> (the message bytes, frame
    /// header excluded). False with <paramref name="error"/> set when the message is malformed; the index then
    /// holds the fields that could be read.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, IsoDialect dialect, out IsoMessage message, out IsoReadError error)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        Unsafe.SkipInit(out message);
        ref var entries = ref IsoMessage.EntriesOf(ref message);
        Span<ulong> readWords = stackalloc ulong[2];
        var bitmap = default(IsoFieldSet);
        var mti = -1;
        var stan = -1;
        var stanOffset = -1;
        var fault = new Fault();

        if (frame.Length > MessageBytesMax)
        {
            fault.Record(IsoReadErrorKind.MessageTooLong, 0, MessageBytesMax);
            goto Done;
        }

        var position = ReadHeader(frame, dialect, ref fault, out mti, out bitmap);
        if (fault.Kind != IsoReadErrorKind.None)
        {
            goto Done;
        }

        // Bit 1 announces the secondary bitmap, which ReadHeader consumed; fields start at DE2.
        for (var word = 0; word < 2; word++)
        {
            var bits = word == 0 ? bitmap.Primary & ~SecondaryBitmapBit : bitmap.Secondary;
            while (bits != 0)
            {
                var zeros = BitOperations.LeadingZeroCount(bits);
                var bit = 1UL << (63 - zeros);
                bits &= ~bit;
                var field = (word * 64) + zeros + 1;
                ref readonly var layout = ref dialect.Layout(field);
                if (layout.Check == IsoFieldCheck.Undefined)
                {
                    fault.Record(IsoReadErrorKind.FieldNotDefined, field, position);
                    goto Done;
                }

                int characters = layout.LengthMax;
                int valueBytes = layout.FixedValueBytes;
                int prefixBytes = layout.PrefixBytes;
                if (prefixBytes != 0)
                {
                    if (frame.Length - position < prefixBytes)
                    {
                        fault.Record(IsoReadErrorKind.Truncated, field, position);
                        goto Done;
                    }

                    if (!IsoFieldFormat.TryReadPrefix(frame.Slice(position, prefixBytes), dialect.LengthEncoding, out characters))
                    {
                        fault.Record(IsoReadErrorKind.LengthPrefixInvalid, field, position);
                        goto Done;
                    }

                    valueBytes = dialect.ValueBytes(in dialect.Field(field), characters);
                }

                var start = position + prefixBytes;
                if (frame.Length - start < valueBytes)
                {
                    fault.Record(IsoReadErrorKind.Truncated, field, position);
                    goto Done;
                }

                position = start + valueBytes;
                if (characters > layout.LengthMax)
                {
                    fault.Record(IsoReadErrorKind.LengthAboveMaximum, field, start - prefixBytes);
                    continue;
                }

                var value = frame.Slice(start, valueBytes);
                var badIndex = layout.Check switch
                {
                    IsoFieldCheck.Digits => value.IndexOfAnyExceptInRange((byte)'0', (byte)'9'),
                    IsoFieldCheck.Printable => value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E),
                    IsoFieldCheck.AnyByte => -1,
                    _ => IsoFieldFormat.IsValid(dialect, in dialect.Field(field), value, characters, out var generalIndex) ? -1 : generalIndex,
                };
                if (badIndex >= 0)
                {
                    fault.Record(IsoReadErrorKind.CharacterInvalid, field, start + badIndex);
                    continue;
                }

                entries[field] = new IsoFieldEntry(start, valueBytes, characters);
                readWords[word] |= bit;
                if (field == StanField && IsoFieldFormat.TryParseNumber(dialect, in dialect.Field(field), value, characters, out var stanValue))
                {
                    stan = (int)stanValue;
                    stanOffset = start;
                }
            }
        }

        if (fault.Kind == IsoReadErrorKind.None && position != frame.Length)
        {
            fault.Record(IsoReadErrorKind.BytesLeftOver, 0, position);
        }

        if (fault.Kind == IsoReadErrorKind.None && dialect.HasMtiRules)
        {
            CheckRule(dialect, mti, new IsoFieldSet(readWords[0], readWords[1]), frame.Length, ref fault, ref entries);
        }

    Done:
        IsoMessage.SetHeader(ref message, dialect, mti, frame.Length, bitmap, new IsoFieldSet(readWords[0], readWords[1]));
        error = new IsoReadError(fault.Kind, fault.Field, fault.Offset, mti, stan, stanOffset);
        return fault.Kind == IsoReadErrorKind.None;
    }

    // The MTI and the bitmaps; returns the offset of the first field.
    private static int ReadHeader(ReadOnlySpan<byte> frame, IsoDialect dialect, ref Fault fault, out int mti, out IsoFieldSet bitmap)
    {
        mti = -1;
        bitmap = default;
        if (frame.Length < dialect.MtiBytes)
        {
            fault.Record(IsoReadErrorKind.Truncated, 0, 0);
            return 0;
        }

        if (!TryReadMti(frame[..dialect.MtiBytes], dialect.NumericEncoding, out var mtiValue, out var badIndex))
        {
            fault.Record(IsoReadErrorKind.MtiInvalid, 0, badIndex);
            return 0;
        }

        mti = mtiValue;
        var position = dialect.MtiBytes;
        if (!TryReadBitmap(frame, dialect, ref position, ref fault, out var primary))
        {
            return position;
        }

        var secondary = 0UL;
        if ((primary & SecondaryBitmapBit) != 0 && !TryReadBitmap(frame, dialect, ref position, ref fault, out secondary))
        {
            bitmap = new IsoFieldSet(primary, 0);
            return position;
        }

        bitmap = new IsoFieldSet(primary, secondary);
        return position;
    }

    private static bool TryReadMti(ReadOnlySpan<byte> bytes, IsoNumericEncoding encoding, out int mti, out int badIndex)
    {
        mti = 0;
        for (var index = 0; index < 4; index++)
        {
            var digit = encoding == IsoNumericEncoding.Ascii
                ? (uint)(bytes[index] - '0')
                : (uint)((index & 1) == 0 ? bytes[index >> 1] >> 4 : bytes[index >> 1] & 0xF);
            if (digit > 9)
            {
                badIndex = encoding == IsoNumericEncoding.Ascii ? index : index >> 1;
                return false;
            }

            mti = (mti * 10) + (int)digit;
        }

        badIndex = -1;
        return true;
    }

    private static bool TryReadBitmap(ReadOnlySpan<byte> frame, IsoDialect dialect, ref int position, ref Fault fault, out ulong bits)
    {
        bits = 0;
        if (frame.Length - position < dialect.BitmapBytes)
        {
            fault.Record(IsoReadErrorKind.Truncated, 1, position);
            return false;
        }

        var bytes = frame.Slice(position, dialect.BitmapBytes);
        if (dialect.BitmapEncoding == IsoBitmapEncoding.Binary)
        {
            bits = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        else
        {
            for (var index = 0; index < bytes.Length; index++)
            {
                var character = bytes[index];
                var isHex = (uint)(character - '0') <= 9 || (uint)((character | 0x20) - 'a') <= 5;
                if (!isHex)
                {
                    fault.Record(IsoReadErrorKind.BitmapInvalid, 1, position + index);
                    return false;
                }

                bits = (bits << 4) | (uint)IsoFieldFormat.HexValue(character);
            }
        }

        position += dialect.BitmapBytes;
        return true;
    }

    // Link spec §4: fields a rule does not allow are reported before missing ones, since an extra field is the
    // more specific fault; both are found only after every field was read, so the index is complete.
    private static void CheckRule(IsoDialect dialect, int mti, IsoFieldSet fields, int length, ref Fault fault, ref IsoFieldTable entries)
    {
        if (!dialect.TryGetRule(mti, out var rule))
        {
            fault.Record(IsoReadErrorKind.MtiNotDefined, 0, 0);
            return;
        }

        var notAllowed = fields.Except(rule.Allowed).First();
        if (notAllowed != 0)
        {
            fault.Record(IsoReadErrorKind.FieldNotAllowed, notAllowed, entries[notAllowed].Offset - dialect.Layout(notAllowed).PrefixBytes);
            return;
        }

        var missing = rule.Mandatory.Except(fields).First();
        if (missing != 0)
        {
            fault.Record(IsoReadErrorKind.MandatoryFieldMissing, missing, length);
        }
    }

    // The first fault wins; later ones are ignored so the error names the earliest problem in the message.
    private struct Fault
    {
        public IsoReadErrorKind Kind;
        public int Field;
        public int Offset;

        public void Record(IsoReadErrorKind kind, int field, int offset)
        {
            if (Kind != IsoReadErrorKind.None)
            {
                return;
            }

            Kind = kind;
            Field = field;
            Offset = offset;
        }
    }
}
