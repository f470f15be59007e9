namespace Pool.Modules.Ledger.Contracts;

/// <summary>Verifies the ledger's invariants over the whole database (the <c>ledger-check</c> job runs it).</summary>
public interface ILedgerCheck
{
    /// <summary>
    /// Checks that the accounts sum to zero (posted and pending), that every account's four balances equal
    /// the sums of its transfers, and that no pending transfer was resolved twice. Returns what it found.
    /// </summary>
    Task<LedgerCheckReport> RunAsync(CancellationToken cancellationToken);
}
