namespace Pool.Modules.Authorization.Contracts;

/// <summary>One clearing record to post.</summary>
/// <param name="IdempotencyKey">Unique per posting (e.g. <c>clearing:{fileId}:{record}</c>); a repeat returns <see cref="GatewayStatus.Repeated"/>.</param>
/// <param name="CardId">The card the record names.</param>
/// <param name="AmountMinor">Yen cleared, positive: debited for a purchase, credited for a refund (<paramref name="IsCredit"/>).</param>
/// <param name="IsCredit">A refund: money to the cardholder.</param>
/// <param name="AuthorizationId">The matched authorization (its hold is released by this posting), or null when unmatched.</param>
public sealed record ClearingPosting(string IdempotencyKey, string CardId, long AmountMinor, bool IsCredit, string? AuthorizationId);
