namespace Pool.Modules.Authorization.Contracts;

/// <summary>
/// A purchase or cash presentment to match (clearing-file.md §5): same card and authorization code and, when
/// the presentment has one, the same RRN; failing that, same card, authorization code and acquirer id, decided
/// within the window around the purchase date.
/// </summary>
public sealed record ClearingMatchQuery(string CardId, string ApprovalCode, string? Rrn, long AcquirerId, DateOnly PurchaseDate);
