namespace Pool.Modules.Authorization.Contracts;

/// <summary>
/// A purchase or cash presentment to match (clearing-file.md §5): same card and authorization code and, when
/// the presentment has one, the same RRN; failing that, same card, authorization code and acquirer id, decided
/// within the window around the purchase date.
/// </summary>
/// <param name="IdempotencyKey">
/// The key its posting will have. When a posting under that key was already committed (an import finished after
/// a crash between the posting and the record of its outcome), the hold it released no longer looks open: such a
/// presentment matches a cleared hold too, so it is reported matched to the authorization it cleared, as the
/// first run would have reported it.
/// </param>
public sealed record ClearingMatchQuery(string CardId, string ApprovalCode, string? Rrn, long AcquirerId, DateOnly PurchaseDate, string? IdempotencyKey = null);
