namespace Pool.Modules.Ledger.Api;

/// <summary><c>{ "posted", "held", "available" }</c> in yen (admin-api.md §3).</summary>
internal sealed record BalanceResponse(long Posted, long Held, long Available);
