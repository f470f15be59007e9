using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Engine.Model;

/// <summary>What the spec says the answer is. <see cref="RecordProduced"/>: the decision is journaled (so a failed commit turns it into 91).</summary>
internal sealed record ModelAnswer(
    ResponseCode Code,
    long ApprovedAmountMinor,
    bool HasAvailableBalance,
    long AvailableBalanceMinor,
    bool ExpectsApprovalCode,
    bool RecordProduced)
{
    /// <summary>The engine's approval code when it was first answered (compared on retransmission); null when the answer was lost in a crash.</summary>
    public ApprovalCode? EngineApprovalCode { get; set; }

    public bool IsRetransmission { get; init; }

    /// <summary>The card the request named, when known (a reversal's hold-less original must be the same card's).</summary>
    public long CardIdForReversal { get; init; }
}
