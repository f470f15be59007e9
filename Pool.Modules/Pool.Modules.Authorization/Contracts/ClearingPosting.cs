namespace Pool.Modules.Authorization.Contracts;

/// <summary>One clearing record to post.</summary>
/// <param name="IdempotencyKey">Unique per posting (e.g. <c>clearing:{fileId}:{record}</c>); a repeat returns <see cref="GatewayStatus.Repeated"/>.</param>
/// <param name="CardId">The card the record names.</param>
/// <param name="AmountMinor">Yen cleared, positive: debited for a purchase, credited for a refund (<paramref name="IsCredit"/>).</param>
/// <param name="IsCredit">A refund: money to the cardholder.</param>
/// <param name="AuthorizationId">The matched authorization (its hold is released or reduced by this posting), or null when unmatched.</param>
/// <param name="ReleasesHold">
/// With <paramref name="AuthorizationId"/>: true (a single presentment, or the last of a clearing sequence) releases
/// what remains of the hold; false (sequence n of m, n &lt; m) reduces the hold by the cleared amount and leaves
/// the rest held (clearing-file.md §5).
/// </param>
public sealed record ClearingPosting(string IdempotencyKey, string CardId, long AmountMinor, bool IsCredit, string? AuthorizationId, bool ReleasesHold = true);
