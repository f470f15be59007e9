namespace Pool.Modules.Authorization.Contracts;

/// <summary>Criteria for clearing matching; null means any. Dates are UTC decision dates, inclusive.</summary>
public sealed record AuthorizationQuery(
    string? CardId = null,
    string? ApprovalCode = null,
    string? Rrn = null,
    long? AcquirerId = null,
    DateOnly? DecidedFrom = null,
    DateOnly? DecidedTo = null,
    int Limit = 50);
