namespace Pool.Modules.Authorization.Persistence;

/// <summary>One row of authorization.admin_commands.</summary>
internal sealed record AdminCommandRow(string IdempotencyKey, short Kind, long AccountId, long AmountMinor, long? TransferId, DateTimeOffset DecidedAt);
