namespace Pool.Modules.Authorization.Contracts;

/// <summary>An authorization found for clearing: ids, what was approved, what is still held, and its status (admin-api.md §3 names).</summary>
public sealed record AuthorizationMatch(
    string AuthorizationId,
    string CardId,
    string? ApprovalCode,
    string Rrn,
    long AcquirerId,
    DateTimeOffset DecidedAt,
    long ApprovedAmountMinor,
    long? HeldMinor,
    string Status);
