using System.Text;
using Pool.Authorization.Engine.Codec;

namespace Pool.Tests.Codec;

/// <summary>
/// Builds messages of the Pool dialect by hand, field by field as they travel (prefixes included), so reader
/// tests do not depend on the writer. The bitmap is computed from the field numbers given.
/// </summary>
internal static class Wire
{
    /// <summary>The Pool link's field table without its rules, to test formats on any field alone.</summary>
    public static readonly IsoDialect PoolFormatsOnly = WithoutRules(IsoDialects.PoolLink);

    public static byte[] Message(string mti, params (int Field, string Wire)[] fields) =>
        Message(mti, fields.Select(field => (field.Field, Encoding.Latin1.GetBytes(field.Wire))).ToArray());

    public static byte[] Message(string mti, params (int Field, byte[] Wire)[] fields)
    {
        ulong primary = 0;
        ulong secondary = 0;
        foreach (var (field, _) in fields)
        {
            if (field <= 64)
            {
                primary |= 1UL << (64 - field);
            }
            else
            {
                secondary |= 1UL << (128 - field);
                primary |= 1UL << 63;
            }
        }

        var bytes = new List<byte>(Encoding.ASCII.GetBytes(mti));
        bytes.AddRange(BitConverter.GetBytes(primary).Reverse());
        if (secondary != 0)
        {
            bytes.AddRange(BitConverter.GetBytes(secondary).Reverse());
        }

        foreach (var (_, wire) in fields.OrderBy(field => field.Field))
        {
            bytes.AddRange(wire);
        }

        return bytes.ToArray();
    }

    public static IsoDialect WithoutRules(IsoDialect dialect)
    {
        var fields = new IsoFieldSpec[IsoDialect.FieldTableLength];
        for (var field = 0; field < fields.Length; field++)
        {
            fields[field] = dialect.Field(field);
        }

        return new IsoDialect(dialect.Name + "-formats", dialect.NumericEncoding, dialect.LengthEncoding, dialect.BitmapEncoding, dialect.BinaryEncoding, fields, []);
    }

    public static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
