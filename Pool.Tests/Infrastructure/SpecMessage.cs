using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Pool.Tests.Infrastructure;

/// <summary>
/// An ISO 8583 message of the authorization link, encoded and decoded straight from the tables of
/// authorization-link.md §2–§3 — written independently of Pool's codec, so tests that use it check
/// Pool against the spec rather than against itself. Field values are the characters as they travel
/// (binary fields as Latin-1 characters of their bytes).
/// </summary>
public sealed class SpecMessage
{
    /// <summary>Link spec §3: DE → (format, length kind, maximum). 'F' fixed, '2' LLVAR, '3' LLLVAR.</summary>
    private static readonly Dictionary<int, (char Type, char Length, int Max)> Formats = new()
    {
        [2] = ('n', '2', 19), [3] = ('n', 'F', 6), [4] = ('n', 'F', 12), [6] = ('n', 'F', 12), [7] = ('n', 'F', 10),
        [10] = ('n', 'F', 8), [11] = ('n', 'F', 6), [12] = ('n', 'F', 6), [13] = ('n', 'F', 4), [14] = ('n', 'F', 4),
        [18] = ('n', 'F', 4), [19] = ('n', 'F', 3), [22] = ('n', 'F', 3), [25] = ('n', 'F', 2), [32] = ('n', '2', 11),
        [35] = ('z', '2', 37), [37] = ('a', 'F', 12), [38] = ('a', 'F', 6), [39] = ('a', 'F', 2), [41] = ('s', 'F', 8),
        [42] = ('s', 'F', 15), [43] = ('s', 'F', 40), [48] = ('s', '3', 999), [49] = ('n', 'F', 3), [51] = ('n', 'F', 3),
        [52] = ('b', 'F', 8), [54] = ('a', '3', 120), [55] = ('b', '3', 255), [70] = ('n', 'F', 3), [90] = ('n', 'F', 42),
        [95] = ('a', 'F', 42),
    };

    public SpecMessage(int mti, IDictionary<int, string>? fields = null)
    {
        Mti = mti;
        Fields = new SortedDictionary<int, string>(fields ?? new Dictionary<int, string>());
    }

    public int Mti { get; }

    public SortedDictionary<int, string> Fields { get; }

    public string this[int field]
    {
        get => Fields[field];
        set => Fields[field] = value;
    }

    public bool Has(int field) => Fields.ContainsKey(field);

    public SpecMessage With(int field, string value)
    {
        var copy = new SpecMessage(Mti, Fields);
        copy.Fields[field] = value;
        return copy;
    }

    public SpecMessage Without(int field)
    {
        var copy = new SpecMessage(Mti, Fields);
        copy.Fields.Remove(field);
        return copy;
    }

    /// <summary>The message with its 2-byte big-endian length header (link spec §1).</summary>
    public byte[] ToFrame()
    {
        var body = ToBytes();
        var frame = new byte[body.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(frame, (ushort)body.Length);
        body.CopyTo(frame, 2);
        return frame;
    }

    /// <summary>MTI, bitmaps and fields in ascending order, each formatted per §2.</summary>
    public byte[] ToBytes()
    {
        var output = new List<byte>(256);
        output.AddRange(Encoding.ASCII.GetBytes(Mti.ToString("D4", CultureInfo.InvariantCulture)));
        var secondary = Fields.Keys.Any(f => f > 64);
        var bitmap = new byte[secondary ? 16 : 8];
        if (secondary)
        {
            bitmap[0] |= 0x80;
        }

        foreach (var field in Fields.Keys)
        {
            bitmap[(field - 1) / 8] |= (byte)(0x80 >> ((field - 1) % 8));
        }

        output.AddRange(bitmap);
        foreach (var (field, value) in Fields)
        {
            var (type, length, max) = Formats[field];
            var text = value;
            if (length == 'F')
            {
                text = type == 'n' ? value.PadLeft(max, '0') : type == 'b' ? value : value.PadRight(max, ' ');
            }
            else
            {
                output.AddRange(Encoding.ASCII.GetBytes(text.Length.ToString(length == '2' ? "D2" : "D3", CultureInfo.InvariantCulture)));
            }

            output.AddRange(Encoding.Latin1.GetBytes(text));
        }

        return [.. output];
    }

    /// <summary>Decodes a message (without its length header) laid out per §2–§3.</summary>
    public static SpecMessage Parse(ReadOnlySpan<byte> bytes)
    {
        var mti = int.Parse(Encoding.ASCII.GetString(bytes[..4]), CultureInfo.InvariantCulture);
        var position = 4;
        var primary = BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(position, 8));
        position += 8;
        ulong secondary = 0;
        if ((primary & (1UL << 63)) != 0)
        {
            secondary = BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(position, 8));
            position += 8;
        }

        var message = new SpecMessage(mti);
        for (var field = 2; field <= 128; field++)
        {
            var bits = field <= 64 ? primary : secondary;
            var bit = field <= 64 ? field - 1 : field - 65;
            if ((bits & (1UL << (63 - bit))) == 0)
            {
                continue;
            }

            var (_, length, max) = Formats[field];
            var count = max;
            if (length != 'F')
            {
                var prefix = length == '2' ? 2 : 3;
                count = int.Parse(Encoding.ASCII.GetString(bytes.Slice(position, prefix)), CultureInfo.InvariantCulture);
                position += prefix;
            }

            message.Fields[field] = Encoding.Latin1.GetString(bytes.Slice(position, count));
            position += count;
        }

        if (position != bytes.Length)
        {
            throw new FormatException($"{bytes.Length - position} bytes left over after the last field");
        }

        return message;
    }

    public static byte[] FromHex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    /// <summary>The spec's §10 purchase (examples/link-messages.md): 1,200 JPY, card 4242424242424242 expiring 2812, STAN 000123.</summary>
    public static SpecMessage ExamplePurchase() => new(100, new Dictionary<int, string>
    {
        [2] = "4242424242424242", [3] = "000000", [4] = "000000001200", [7] = "1124120000", [11] = "000123",
        [12] = "210000", [13] = "1124", [14] = "2812", [18] = "5499", [19] = "392", [22] = "051", [32] = "123456",
        [37] = "432812345678", [41] = "TERM0001", [42] = "MERCHANT0000001", [43] = "SEVEN MART SHIBUYA       TOKYO        JP",
        [49] = "392",
    });

    public override string ToString() =>
        $"{Mti:D4} " + string.Join(" ", Fields.Select(f => $"{f.Key}={(f.Key == 2 ? f.Value[..6] + "…" : f.Value)}"));
}
