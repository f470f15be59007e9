namespace Pool.Authorization.Engine.State;

/// <summary>
/// A card's controls (spec §5, admin API). An absent limit is stored as <see cref="Unlimited"/> (or
/// <see cref="UnlimitedCount"/>) so the decision compares without a branch on "has a limit".
/// A new card has no limits, no blocked MCCs, and allows e-commerce, international and cash
/// (<see cref="Default"/>).
/// </summary>
public struct CardControls : IEquatable<CardControls>
{
    /// <summary>Blocked MCCs per card; a small fixed set keeps the card row fixed-size (lead's design note: "e.g. up to 32").</summary>
    public const int BlockedMccsMax = 32;

    public const long Unlimited = long.MaxValue;

    public const int UnlimitedCount = int.MaxValue;

    private BlockedMccs32 _blockedMccs;

    public long PerTransactionLimitMinor;
    public long DailyLimitMinor;
    public long MonthlyLimitMinor;
    public int DailyCountMax;
    public byte BlockedMccCount;
    public bool AllowEcommerce;
    public bool AllowInternational;
    public bool AllowCash;

    public static CardControls Default => new()
    {
        PerTransactionLimitMinor = Unlimited,
        DailyLimitMinor = Unlimited,
        MonthlyLimitMinor = Unlimited,
        DailyCountMax = UnlimitedCount,
        AllowEcommerce = true,
        AllowInternational = true,
        AllowCash = true,
    };

    /// <summary>The blocked MCCs as an array (admin API, tests; allocates).</summary>
    public readonly short[] BlockedMccsToArray()
    {
        ReadOnlySpan<short> all = _blockedMccs;
        return all[..BlockedMccCount].ToArray();
    }

    /// <summary>Replaces the blocked MCC set; more than <see cref="BlockedMccsMax"/> is refused at the admin boundary.</summary>
    public void SetBlockedMccs(ReadOnlySpan<short> mccs)
    {
        if (mccs.Length > BlockedMccsMax)
        {
            throw new ArgumentOutOfRangeException(nameof(mccs), mccs.Length, $"At most {BlockedMccsMax} blocked MCCs per card.");
        }

        Span<short> target = _blockedMccs;
        target.Clear();
        mccs.CopyTo(target);
        BlockedMccCount = (byte)mccs.Length;
    }

    public readonly bool IsMccBlocked(short mcc)
    {
        // A linear scan over at most 32 shorts (vectorised by IndexOf) beats hashing for sets this small.
        ReadOnlySpan<short> all = _blockedMccs;
        return BlockedMccCount != 0 && all[..BlockedMccCount].Contains(mcc);
    }

    public readonly bool Equals(CardControls other) =>
        PerTransactionLimitMinor == other.PerTransactionLimitMinor
        && DailyLimitMinor == other.DailyLimitMinor
        && MonthlyLimitMinor == other.MonthlyLimitMinor
        && DailyCountMax == other.DailyCountMax
        && AllowEcommerce == other.AllowEcommerce
        && AllowInternational == other.AllowInternational
        && AllowCash == other.AllowCash
        && BlockedMccsEqual(other);

    private readonly bool BlockedMccsEqual(in CardControls other)
    {
        ReadOnlySpan<short> mine = _blockedMccs;
        ReadOnlySpan<short> theirs = other._blockedMccs;
        return BlockedMccCount == other.BlockedMccCount && mine[..BlockedMccCount].SequenceEqual(theirs[..other.BlockedMccCount]);
    }

    public override readonly bool Equals(object? obj) => obj is CardControls other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(PerTransactionLimitMinor, DailyLimitMinor, MonthlyLimitMinor, DailyCountMax, BlockedMccCount);

    public static bool operator ==(CardControls left, CardControls right) => left.Equals(right);

    public static bool operator !=(CardControls left, CardControls right) => !left.Equals(right);
}
