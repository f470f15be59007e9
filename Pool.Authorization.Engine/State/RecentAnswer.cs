using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>An earlier answer, kept so that a retransmission gets exactly it (spec §8).</summary>
public struct RecentAnswer : IEquatable<RecentAnswer>
{
    /// <summary>The card the request named (0 when unknown), so a reversal can check its original is the same card's.</summary>
    public long CardId;

    public ResponseCode ResponseCode;
    public bool HasAvailableBalance;
    public ApprovalCode ApprovalCode;
    public long ApprovedAmountMinor;
    public long ApprovedTransactionAmountMinor;
    public long AvailableBalanceMinor;

    public readonly bool Equals(RecentAnswer other) =>
        CardId == other.CardId && ResponseCode == other.ResponseCode && HasAvailableBalance == other.HasAvailableBalance
        && ApprovalCode == other.ApprovalCode && ApprovedAmountMinor == other.ApprovedAmountMinor
        && ApprovedTransactionAmountMinor == other.ApprovedTransactionAmountMinor
        && AvailableBalanceMinor == other.AvailableBalanceMinor;

    public override readonly bool Equals(object? obj) => obj is RecentAnswer other && Equals(other);

    public override readonly int GetHashCode() => HashCode.Combine(ResponseCode, ApprovalCode, ApprovedAmountMinor);

    public static bool operator ==(RecentAnswer left, RecentAnswer right) => left.Equals(right);

    public static bool operator !=(RecentAnswer left, RecentAnswer right) => !left.Equals(right);
}
