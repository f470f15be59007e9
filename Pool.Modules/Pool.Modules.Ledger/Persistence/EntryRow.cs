namespace Pool.Modules.Ledger.Persistence;

/// <summary>A transfer touching one account, with how its pending transfer was resolved (Dapper row).</summary>
internal sealed record EntryRow(
    long Id,
    DateTime CreatedAt,
    short Kind,
    short Code,
    long Amount,
    long DebitAccountId,
    long? PendingId,
    string? Reference,
    short? Resolution);
