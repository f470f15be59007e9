using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// A card's velocity counters over the Asia/Tokyo calendar day and month (spec §5): approved purchases
/// and cash, including approved advices, net of reversals. The counters belong to the day and month
/// named here; a decision on a later day starts from zero (<see cref="RolledTo"/>).
/// </summary>
public struct CardVelocity : IEquatable<CardVelocity>
{
    /// <summary>Tokyo day number (days since 0001-01-01 in +09:00) the daily counters belong to.</summary>
    public int DayNumber;

    /// <summary>Tokyo month number (year × 12 + month − 1) the monthly counter belongs to.</summary>
    public int MonthNumber;

    public int DailyCount;
    public long DailyAmountMinor;
    public long MonthlyAmountMinor;

    /// <summary>The counters as seen on <paramref name="dayNumber"/>: zero when they belong to an earlier day or month.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly CardVelocity RolledTo(int dayNumber, int monthNumber)
    {
        var rolled = this;
        if (rolled.DayNumber != dayNumber)
        {
            rolled.DayNumber = dayNumber;
            rolled.DailyCount = 0;
            rolled.DailyAmountMinor = 0;
        }

        if (rolled.MonthNumber != monthNumber)
        {
            rolled.MonthNumber = monthNumber;
            rolled.MonthlyAmountMinor = 0;
        }

        return rolled;
    }

    public readonly bool Equals(CardVelocity other) =>
        DayNumber == other.DayNumber && MonthNumber == other.MonthNumber && DailyCount == other.DailyCount
        && DailyAmountMinor == other.DailyAmountMinor && MonthlyAmountMinor == other.MonthlyAmountMinor;

    public override readonly bool Equals(object? obj) => obj is CardVelocity other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(DayNumber, MonthNumber, DailyCount, DailyAmountMinor, MonthlyAmountMinor);

    public static bool operator ==(CardVelocity left, CardVelocity right) => left.Equals(right);

    public static bool operator !=(CardVelocity left, CardVelocity right) => !left.Equals(right);

    public override readonly string ToString() =>
        $"day {DayNumber} count {DailyCount} amount {DailyAmountMinor}; month {MonthNumber} amount {MonthlyAmountMinor}";
}
