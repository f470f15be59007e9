namespace Pool.Modules.Authorization.Persistence;

/// <summary>One authorization log row with its hold's current state, as the API and clearing read it.</summary>
internal sealed class AuthorizationLogRow
{
    public long Id { get; init; }

    public string? CardId { get; init; }

    public short Kind { get; init; }

    public short RequestKind { get; init; }

    public long AcquirerId { get; init; }

    public long Amount { get; init; }

    public short Currency { get; init; }

    public long? BillingAmount { get; init; }

    public short ResponseCode { get; init; }

    public string? ApprovalCode { get; init; }

    public string Rrn { get; init; } = "";

    public string MerchantName { get; init; } = "";

    public short Mcc { get; init; }

    public DateTime DecidedAt { get; init; }

    public long ApprovedAmount { get; init; }

    /// <summary>The hold's amount right after this request (null: it placed or changed none).</summary>
    public long? HoldAmount { get; init; }

    /// <summary>The available balance the decision was taken against (null: unknown card, or logged before it was kept).</summary>
    public long? AvailableAtDecision { get; init; }

    /// <summary>The hold's state now (null: no hold under this request's key).</summary>
    public short? HoldState { get; init; }

    /// <summary>What the hold holds now.</summary>
    public long? HeldNow { get; init; }

    /// <summary>admin-api.md §3 status, computed by the query.</summary>
    public string Status { get; init; } = "";
}
