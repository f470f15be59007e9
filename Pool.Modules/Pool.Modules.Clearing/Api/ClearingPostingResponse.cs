namespace Pool.Modules.Clearing.Api;

/// <summary>
/// A clearing detail posted against an authorization (<c>GET /api/clearing/postings?authorizationId=</c>, docs/clearing.md):
/// where it came from, its transaction code (clearing-file.md), amount in yen and how it was posted
/// (<c>matched</c>, <c>force-posted</c>, <c>credit</c>, <c>reversal</c>).
/// </summary>
internal sealed record ClearingPostingResponse(string FileId, int RecordNumber, string TransactionCode, string Arn, long Amount, string Outcome, DateTimeOffset PostedAt);

/// <summary><c>{ "items": [...] }</c>: an authorization has a handful of postings at most, so the list is not paged.</summary>
internal sealed record ClearingPostingList(IReadOnlyList<ClearingPostingResponse> Items);
