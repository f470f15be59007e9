namespace Pool.Modules.Ledger.Contracts;

/// <summary>Posted, held and available (= posted − held), in yen (admin-api.md §3).</summary>
public sealed record CardholderBalance(long Posted, long Held, long Available);
