namespace Pool.Modules.Ledger.Persistence;

/// <summary>The sums over all accounts of debits − credits, posted and pending, and how many accounts (Dapper row).</summary>
internal sealed record ZeroSumRow(long Posted, long Pending, int Accounts);
