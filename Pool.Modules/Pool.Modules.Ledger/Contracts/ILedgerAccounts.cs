namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// The Ledger module's door for other modules: deposit accounts per cardholder and the money
/// movements the back office makes. (Cards opens a cardholder's account through it.)
/// </summary>
public interface ILedgerAccounts
{
    /// <summary>
    /// Opens the deposit account of a cardholder; opening it again returns the same account.
    /// Returns the account's id.
    /// </summary>
    Task<long> OpenDepositAccountAsync(string cardholderId, CancellationToken cancellationToken);

    /// <summary>The cardholder's balance, or null when the cardholder has no deposit account.</summary>
    Task<CardholderBalance?> GetBalanceAsync(string cardholderId, CancellationToken cancellationToken);

    /// <summary>
    /// Credits the cardholder's deposit account with <paramref name="amountMinor"/> yen from Pool's bank
    /// cash account. Idempotent by <paramref name="idempotencyKey"/>: a repeat returns the first result.
    /// </summary>
    Task<DepositOutcome> DepositAsync(string cardholderId, long amountMinor, string idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>Posted, held and available (= posted − held), in yen (admin-api.md §3).</summary>
public sealed record CardholderBalance(long Posted, long Held, long Available);

/// <summary>The result of a deposit: the transfer's id and the balance after it.</summary>
public sealed record DepositOutcome(string TransferId, CardholderBalance Balance);
