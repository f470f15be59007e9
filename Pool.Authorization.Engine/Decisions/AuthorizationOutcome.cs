namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// The answer to one request. For a partial approval (10) the answer's DE4 is
/// <see cref="ApprovedTransactionAmountMinor"/> and its DE6 (when the request had one) is
/// <see cref="ApprovedAmountMinor"/>. <see cref="AvailableBalanceMinor"/> is DE54's amount when
/// <see cref="HasAvailableBalance"/> (every approval and every balance inquiry, spec §4 note 5).
/// </summary>
public readonly struct AuthorizationOutcome
{
    public AuthorizationOutcome(
        ResponseCode responseCode,
        ApprovalCode approvalCode,
        long approvedAmountMinor,
        long approvedTransactionAmountMinor,
        bool hasAvailableBalance,
        long availableBalanceMinor,
        bool recordProduced,
        bool isRetransmission)
    {
        ResponseCode = responseCode;
        ApprovalCode = approvalCode;
        ApprovedAmountMinor = approvedAmountMinor;
        ApprovedTransactionAmountMinor = approvedTransactionAmountMinor;
        HasAvailableBalance = hasAvailableBalance;
        AvailableBalanceMinor = availableBalanceMinor;
        RecordProduced = recordProduced;
        IsRetransmission = isRetransmission;
    }

    /// <summary>DE39.</summary>
    public ResponseCode ResponseCode { get; }

    /// <summary>DE38, <see cref="ApprovalCode.None"/> unless approved (00 or 10).</summary>
    public ApprovalCode ApprovalCode { get; }

    /// <summary>Approved amount in the decision currency (DE6's when present, otherwise DE4's).</summary>
    public long ApprovedAmountMinor { get; }

    /// <summary>Approved amount in DE4's currency (scaled from DE6 for a partial approval on DE6).</summary>
    public long ApprovedTransactionAmountMinor { get; }

    /// <summary>DE54 is sent.</summary>
    public bool HasAvailableBalance { get; }

    /// <summary>Available balance after the decision, JPY minor units; negative means sign D.</summary>
    public long AvailableBalanceMinor { get; }

    /// <summary>A journal record was produced; false for 91 and 96 (spec §8: they record nothing).</summary>
    public bool RecordProduced { get; }

    /// <summary>The request was a retransmission answered with the earlier answer.</summary>
    public bool IsRetransmission { get; }

    public bool IsApproved => ResponseCode is ResponseCode.Approved or ResponseCode.PartialApproval;

    /// <summary>The answer when Pool cannot decide or cannot record the decision in time: 91, nothing recorded.</summary>
    public static AuthorizationOutcome Unavailable => new(
        ResponseCode.IssuerUnavailable, ApprovalCode.None, 0, 0, false, 0, recordProduced: false, isRetransmission: false);

    /// <summary>Replaces an answer whose journal record could not be committed (spec §8: 91 records nothing).</summary>
    public AuthorizationOutcome AsUnavailable() => Unavailable;
}
