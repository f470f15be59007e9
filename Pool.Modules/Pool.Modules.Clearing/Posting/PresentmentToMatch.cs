namespace Pool.Modules.Clearing.Posting;

/// <summary>
/// What matching looks at (clearing-file.md §5): the card, the authorization code, the RRN, the acquirer and the
/// purchase date; and the key its posting will have (a presentment posted before a crash matches the hold it cleared).
/// </summary>
internal sealed record PresentmentToMatch(string CardId, string? AuthorizationCode, string? Rrn, long AcquirerId, DateOnly PurchaseDate, string IdempotencyKey);
