namespace Pool.Modules.Ledger.Persistence;

/// <summary>A pending transfer resolved more than once, or by a post or void that does not match it (Dapper row).</summary>
internal sealed record ResolutionRow(long TransferId, int Resolutions, bool Mismatched);
