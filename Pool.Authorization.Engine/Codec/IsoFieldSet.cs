using System.Numerics;

namespace Pool.Authorization.Engine.Codec;

/// <summary>
/// A set of data elements 1–128 as two 64-bit words laid out like the wire bitmaps: DE1 is the most significant
/// bit of <see cref="Primary"/>, DE65 the most significant bit of <see cref="Secondary"/>. Used for the bitmap of
/// a message and for the mandatory and allowed fields of an MTI.
/// </summary>
public readonly struct IsoFieldSet : IEquatable<IsoFieldSet>
{
    /// <summary>The highest data element number of ISO 8583:1987 (the secondary bitmap ends at 128).</summary>
    public const int FieldNumberMax = 128;

    /// <summary>Creates a set from its two bitmap words.</summary>
    public IsoFieldSet(ulong primary, ulong secondary)
    {
        Primary = primary;
        Secondary = secondary;
    }

    /// <summary>DE1–DE64; DE1 is the most significant bit.</summary>
    public ulong Primary { get; }

    /// <summary>DE65–DE128; DE65 is the most significant bit.</summary>
    public ulong Secondary { get; }

    /// <summary>Whether the set is empty.</summary>
    public bool IsEmpty => (Primary | Secondary) == 0;

    /// <summary>The number of data elements in the set.</summary>
    public int Count => BitOperations.PopCount(Primary) + BitOperations.PopCount(Secondary);

    /// <summary>Builds a set from data element numbers (1–128); meant for tables built at startup.</summary>
    public static IsoFieldSet Of(params ReadOnlySpan<int> fields)
    {
        var set = default(IsoFieldSet);
        foreach (var field in fields)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(field, 1, nameof(fields));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(field, FieldNumberMax, nameof(fields));
            set = set.With(field);
        }

        return set;
    }

    /// <summary>Whether <paramref name="field"/> (1–128) is in the set; false for any other number.</summary>
    public bool Contains(int field)
    {
        if ((uint)(field - 1) >= FieldNumberMax)
        {
            return false;
        }

        return field <= 64
            ? (Primary & (1UL << (64 - field))) != 0
            : (Secondary & (1UL << (128 - field))) != 0;
    }

    /// <summary>The set with <paramref name="field"/> (1–128) added.</summary>
    public IsoFieldSet With(int field)
    {
        System.Diagnostics.Debug.Assert((uint)(field - 1) < FieldNumberMax, "field is 1–128");
        return field <= 64
            ? new IsoFieldSet(Primary | (1UL << (64 - field)), Secondary)
            : new IsoFieldSet(Primary, Secondary | (1UL << (128 - field)));
    }

    /// <summary>The fields in both sets.</summary>
    public IsoFieldSet Intersect(IsoFieldSet other) => new(Primary & other.Primary, Secondary & other.Secondary);

    /// <summary>The fields of this set that are not in <paramref name="other"/>.</summary>
    public IsoFieldSet Except(IsoFieldSet other) => new(Primary & ~other.Primary, Secondary & ~other.Secondary);

    /// <summary>The fields in either set.</summary>
    public IsoFieldSet Union(IsoFieldSet other) => new(Primary | other.Primary, Secondary | other.Secondary);

    /// <summary>The lowest data element number in the set, or 0 when it is empty.</summary>
    public int First()
    {
        if (Primary != 0)
        {
            return BitOperations.LeadingZeroCount(Primary) + 1;
        }

        return Secondary != 0 ? BitOperations.LeadingZeroCount(Secondary) + 65 : 0;
    }

    /// <inheritdoc />
    public bool Equals(IsoFieldSet other) => Primary == other.Primary && Secondary == other.Secondary;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IsoFieldSet other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Primary, Secondary);

    /// <summary>Equality of the two words.</summary>
    public static bool operator ==(IsoFieldSet left, IsoFieldSet right) => left.Equals(right);

    /// <summary>Inequality of the two words.</summary>
    public static bool operator !=(IsoFieldSet left, IsoFieldSet right) => !left.Equals(right);

    /// <summary>The two bitmaps in hexadecimal, as the spec writes them.</summary>
    public override string ToString() => Secondary == 0 ? $"{Primary:X16}" : $"{Primary:X16}{Secondary:X16}";
}
