using System.Buffers;
using System.Diagnostics;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// The byte-level rules of every format, shared by the reader, the writer and the inspector so the three can
/// never disagree. Straight-line helpers over spans: no allocation, no exceptions.
/// </summary>
internal static class IsoFieldFormat
{
    /// <summary>
    /// Significant digits a <see cref="long"/> always holds: 10^18 − 1 &lt; 2^63. Amounts are n12, so the limit
    /// never bites on the link; a longer number is read as text instead.
    /// </summary>
    public const int NumberDigitsMax = 18;

    private const byte BcdPad = 0x0;
    private const byte BcdTrack2Separator = 0xD;

    private static readonly SearchValues<byte> Track2Characters = SearchValues.Create("0123456789=D"u8);
    private static readonly SearchValues<byte> HexCharacters = SearchValues.Create("0123456789ABCDEFabcdef"u8);

    /// <summary>
    /// Reads a length prefix of <paramref name="prefix"/>.Length bytes. ASCII: 2 or 3 digits. BCD: 1 byte (LL)
    /// or 2 bytes whose top nibble is zero (LLL).
    /// </summary>
    public static bool TryReadPrefix(ReadOnlySpan<byte> prefix, IsoNumericEncoding encoding, out int length)
    {
        length = 0;
        if (encoding == IsoNumericEncoding.Ascii)
        {
            foreach (var character in prefix)
            {
                var digit = (uint)(character - '0');
                if (digit > 9)
                {
                    return false;
                }

                length = (length * 10) + (int)digit;
            }

            return true;
        }

        // LLL in BCD is 0L LL: a non-zero first nibble would state a length above 999.
        if (prefix.Length == 2 && (prefix[0] >> 4) != 0)
        {
            return false;
        }

        foreach (var packed in prefix)
        {
            var high = (uint)(packed >> 4);
            var low = (uint)(packed & 0xF);
            if (high > 9 || low > 9)
            {
                return false;
            }

            length = (length * 100) + (int)((high * 10) + low);
        }

        return true;
    }

    /// <summary>Writes a length prefix; the caller sized <paramref name="destination"/> with <see cref="IsoDialect.PrefixBytes"/>.</summary>
    public static void WritePrefix(Span<byte> destination, IsoNumericEncoding encoding, int length)
    {
        Debug.Assert(length is >= 0 and <= IsoDialect.LllVarLengthMax, "prefix lengths are at most 999");
        if (encoding == IsoNumericEncoding.Ascii)
        {
            for (var index = destination.Length - 1; index >= 0; index--)
            {
                destination[index] = (byte)('0' + (length % 10));
                length /= 10;
            }

            return;
        }

        for (var index = destination.Length - 1; index >= 0; index--)
        {
            var pair = length % 100;
            destination[index] = (byte)(((pair / 10) << 4) | (pair % 10));
            length /= 100;
        }
    }

    /// <summary>
    /// Checks the encoded bytes of one field value. On failure <paramref name="badIndex"/> is the index of the
    /// first offending byte within <paramref name="value"/>.
    /// </summary>
    public static bool IsValid(IsoDialect dialect, in IsoFieldSpec spec, ReadOnlySpan<byte> value, int characters, out int badIndex)
    {
        if (spec.Type == IsoFieldType.Binary)
        {
            badIndex = dialect.BinaryEncoding == IsoBinaryEncoding.Raw ? -1 : value.IndexOfAnyExcept(HexCharacters);
            return badIndex < 0;
        }

        if (!IsPacked(dialect, in spec))
        {
            // The value travels as its characters, so the rules of the characters apply to the bytes.
            return IsValidCharacters(in spec, value, out badIndex);
        }

        // Packed: the sign of x+n stays one ASCII byte in front of the BCD digits (jPOS's IFB_AMOUNT).
        var sign = spec.Type == IsoFieldType.SignedAmount ? 1 : 0;
        if (sign == 1 && (value.IsEmpty || (value[0] != 'C' && value[0] != 'D')))
        {
            badIndex = 0;
            return false;
        }

        badIndex = IndexOfInvalidBcd(value[sign..], characters - sign, IsLeftPadded(in spec), spec.Type == IsoFieldType.Track2);
        if (badIndex >= 0)
        {
            badIndex += sign;
        }

        return badIndex < 0;
    }

    /// <summary>Whether the dialect packs this field's digits two to a byte.</summary>
    public static bool IsPacked(IsoDialect dialect, in IsoFieldSpec spec) =>
        dialect.NumericEncoding == IsoNumericEncoding.Bcd
        && spec.Type is IsoFieldType.Numeric or IsoFieldType.Track2 or IsoFieldType.SignedAmount;

    // An odd number of packed digits leaves one pad nibble: the first for fixed fields and amounts (jPOS's
    // IFB_NUMERIC and IFB_AMOUNT), the last for LLVAR ones (IFB_LLNUM as ISO87BPackager uses it).
    private static bool IsLeftPadded(in IsoFieldSpec spec) =>
        spec.LengthKind == IsoLengthKind.Fixed || spec.Type == IsoFieldType.SignedAmount;

    /// <summary>
    /// Reads a numeric (or signed amount) value as an integer; false when it has more than
    /// <see cref="NumberDigitsMax"/> significant digits or is not numeric.
    /// </summary>
    public static bool TryParseNumber(IsoDialect dialect, in IsoFieldSpec spec, ReadOnlySpan<byte> value, int characters, out long number)
    {
        number = 0;
        var negative = false;
        if (spec.Type == IsoFieldType.SignedAmount)
        {
            negative = value[0] == 'D';
            value = value[1..];
            characters--;
        }
        else if (spec.Type != IsoFieldType.Numeric)
        {
            return false;
        }

        // Fast path: ASCII digits, already checked by the reader, short enough for a long whatever they are.
        if (dialect.NumericEncoding == IsoNumericEncoding.Ascii && value.Length <= NumberDigitsMax && !value.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            foreach (var character in value)
            {
                number = (number * 10) + (character - '0');
            }

            number = negative ? -number : number;
            return true;
        }

        var significant = 0;
        if (dialect.NumericEncoding == IsoNumericEncoding.Ascii)
        {
            foreach (var character in value)
            {
                if (!Accumulate(character - '0', ref number, ref significant))
                {
                    return false;
                }
            }
        }
        else
        {
            var first = (characters & 1) == 1 && IsLeftPadded(in spec) ? 1 : 0;
            for (var nibble = first; nibble < first + characters; nibble++)
            {
                if (!Accumulate(Nibble(value, nibble), ref number, ref significant))
                {
                    return false;
                }
            }
        }

        if (negative)
        {
            number = -number;
        }

        return true;
    }

    /// <summary>
    /// Decodes a field's wire bytes to its characters: ASCII text for every type but binary, raw bytes for binary
    /// (hexadecimal text is turned back into bytes). Returns the bytes written, or −1 when
    /// <paramref name="destination"/> is too small.
    /// </summary>
    public static int Decode(IsoDialect dialect, in IsoFieldSpec spec, ReadOnlySpan<byte> value, int characters, Span<byte> destination)
    {
        if (characters > destination.Length)
        {
            return -1;
        }

        if (spec.Type == IsoFieldType.Binary)
        {
            if (dialect.BinaryEncoding == IsoBinaryEncoding.Raw)
            {
                value.CopyTo(destination);
                return value.Length;
            }

            for (var index = 0; index < characters; index++)
            {
                destination[index] = (byte)((HexValue(value[2 * index]) << 4) | HexValue(value[(2 * index) + 1]));
            }

            return characters;
        }

        if (!IsPacked(dialect, in spec))
        {
            value.CopyTo(destination);
            return value.Length;
        }

        var written = 0;
        var digits = characters;
        if (spec.Type == IsoFieldType.SignedAmount)
        {
            destination[written++] = value[0];
            value = value[1..];
            digits--;
        }

        var first = (digits & 1) == 1 && IsLeftPadded(in spec) ? 1 : 0;
        for (var nibble = first; nibble < first + digits; nibble++)
        {
            var digit = Nibble(value, nibble);
            destination[written++] = digit == BcdTrack2Separator ? (byte)'=' : (byte)('0' + digit);
        }

        return written;
    }

    /// <summary>
    /// Checks a value given as characters (see <see cref="Decode"/>) against the field's type. On failure
    /// <paramref name="badIndex"/> is the offending character.
    /// </summary>
    public static bool IsValidCharacters(in IsoFieldSpec spec, ReadOnlySpan<byte> characters, out int badIndex)
    {
        switch (spec.Type)
        {
            case IsoFieldType.Numeric:
                badIndex = characters.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                return badIndex < 0;
            case IsoFieldType.AlphaNumeric:
            case IsoFieldType.AlphaNumericSpecial:
                badIndex = characters.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
                return badIndex < 0;
            case IsoFieldType.Track2:
                badIndex = characters.IndexOfAnyExcept(Track2Characters);
                return badIndex < 0;
            case IsoFieldType.Binary:
                badIndex = -1;
                return true;
            case IsoFieldType.SignedAmount:
                if (characters.Length < 2 || (characters[0] != 'C' && characters[0] != 'D'))
                {
                    badIndex = 0;
                    return false;
                }

                badIndex = characters[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
                if (badIndex >= 0)
                {
                    badIndex++;
                }

                return badIndex < 0;
            default:
                badIndex = 0;
                return false;
        }
    }

    /// <summary>
    /// Encodes checked characters into wire bytes, padded to <paramref name="count"/> characters: fixed
    /// <c>n</c> with zeros on the left, fixed <c>an</c>/<c>ans</c> with spaces on the right (link spec §2). The
    /// caller sized <paramref name="destination"/> with <see cref="IsoDialect.ValueBytes"/>.
    /// </summary>
    public static void Encode(IsoDialect dialect, in IsoFieldSpec spec, ReadOnlySpan<byte> characters, int count, Span<byte> destination)
    {
        Debug.Assert(count >= characters.Length, "padding only lengthens");
        var padding = count - characters.Length;
        if (spec.Type == IsoFieldType.Binary)
        {
            Debug.Assert(padding == 0, "binary values are never padded");
            if (dialect.BinaryEncoding == IsoBinaryEncoding.Raw)
            {
                characters.CopyTo(destination);
                return;
            }

            for (var index = 0; index < characters.Length; index++)
            {
                destination[2 * index] = HexDigit(characters[index] >> 4);
                destination[(2 * index) + 1] = HexDigit(characters[index] & 0xF);
            }

            return;
        }

        if (!IsPacked(dialect, in spec))
        {
            if (spec.Type == IsoFieldType.Numeric)
            {
                destination[..padding].Fill((byte)'0');
                characters.CopyTo(destination[padding..]);
            }
            else
            {
                characters.CopyTo(destination);
                destination[characters.Length..count].Fill((byte)' ');
            }

            return;
        }

        if (spec.Type == IsoFieldType.SignedAmount)
        {
            destination[0] = characters[0];
            characters = characters[1..];
            destination = destination[1..];
            count--;
        }

        // Zero nibbles are the pad and the leading zeros alike, so clearing first does both.
        var first = ((count & 1) == 1 && IsLeftPadded(in spec) ? 1 : 0) + padding;
        destination.Clear();
        for (var index = 0; index < characters.Length; index++)
        {
            var character = characters[index];
            var digit = character is (byte)'=' or (byte)'D' ? BcdTrack2Separator : (byte)(character - '0');
            var nibble = first + index;
            destination[nibble >> 1] |= (nibble & 1) == 0 ? (byte)(digit << 4) : digit;
        }
    }

    /// <summary>The value of an ASCII hexadecimal digit (already checked).</summary>
    public static int HexValue(byte character) => character <= '9' ? character - '0' : (character | 0x20) - 'a' + 10;

    /// <summary>The upper-case ASCII hexadecimal digit of a nibble.</summary>
    public static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static bool Accumulate(int digit, ref long number, ref int significant)
    {
        if ((uint)digit > 9)
        {
            return false;
        }

        if (significant > 0 || digit != 0)
        {
            if (++significant > NumberDigitsMax)
            {
                return false;
            }
        }

        number = (number * 10) + digit;
        return true;
    }

    private static int Nibble(ReadOnlySpan<byte> value, int nibble) =>
        (nibble & 1) == 0 ? value[nibble >> 1] >> 4 : value[nibble >> 1] & 0xF;

    // The pad nibble (see IsLeftPadded) must be 0; every other nibble a digit, or D for track 2's separator.
    private static int IndexOfInvalidBcd(ReadOnlySpan<byte> value, int digits, bool leftPadded, bool track2)
    {
        var padNibble = (digits & 1) == 0 ? -1 : leftPadded ? 0 : digits;
        var first = padNibble == 0 ? 1 : 0;
        for (var nibble = 0; nibble < value.Length * 2; nibble++)
        {
            var digit = Nibble(value, nibble);
            var valid = nibble == padNibble
                ? digit == BcdPad
                : digit <= 9 || (track2 && digit == BcdTrack2Separator && nibble >= first);
            if (!valid)
            {
                return nibble >> 1;
            }
        }

        return -1;
    }
}
