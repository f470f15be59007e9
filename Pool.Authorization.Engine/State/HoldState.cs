using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// An authorization hold (a pending ledger transfer) keyed by its transaction key. A fully reversed hold
/// stays with <see cref="AmountMinor"/> 0 so that a repeated full reversal is answered 00 (spec §8); it
/// leaves the table at clearing or expiry.
/// </summary>
public struct HoldState : IEquatable<HoldState>
{
    /// <summary>Durable card id (the journal and SQL use it).</summary>
    public long CardId;

    /// <summary>Index in this engine's card table; rebuilt from <see cref="CardId"/> on replay.</summary>
    public int CardIndex;

    /// <summary>What is still held, JPY minor units.</summary>
    public long AmountMinor;

    /// <summary>Tokyo day and month the hold was counted in the card's velocity.</summary>
    public int DayNumber;

    public int MonthNumber;

    public ApprovalCode ApprovalCode;

    /// <summary>The hold was decided on DE6, so a partial reversal reads DE95 positions 13–24.</summary>
    public bool DecidedOnBillingAmount;

    /// <summary>The hold still counts one in its day's transaction count (false once fully released).</summary>
    public bool Counted;

    public readonly bool Equals(HoldState other) =>
        CardId == other.CardId && AmountMinor == other.AmountMinor && DayNumber == other.DayNumber
        && MonthNumber == other.MonthNumber && ApprovalCode == other.ApprovalCode
        && DecidedOnBillingAmount == other.DecidedOnBillingAmount && Counted == other.Counted;

    public override readonly bool Equals(object? obj) => obj is HoldState other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(CardId, AmountMinor, DayNumber);

    public static bool operator ==(HoldState left, HoldState right) => left.Equals(right);

    public static bool operator !=(HoldState left, HoldState right) => !left.Equals(right);

    public override readonly string ToString() => $"card {CardId} held {AmountMinor} day {DayNumber} code {ApprovalCode} counted {Counted}";
}
