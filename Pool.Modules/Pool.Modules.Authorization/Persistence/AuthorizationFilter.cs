namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// The criteria of <c>GET /api/authorizations</c>: the spec's cardId and cardholderId, and the added responseCode,
/// status and decision time in [FromUtc, ToUtc). Null is "any".
/// </summary>
internal sealed record AuthorizationFilter(
    string? CardId,
    string? CardholderId,
    short? ResponseCode,
    string? Status,
    DateTimeOffset? FromUtc,
    DateTimeOffset? ToUtc);
