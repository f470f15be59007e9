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

    /// <summary>The id of the cardholder's deposit account, or null when it has none (e.g. to build <see cref="TransferRequest"/>s).</summary>
    Task<long?> FindDepositAccountAsync(string cardholderId, CancellationToken cancellationToken);

    /// <summary>The cardholder's balance, or null when the cardholder has no deposit account.</summary>
    Task<CardholderBalance?> GetBalanceAsync(string cardholderId, CancellationToken cancellationToken);

    /// <summary>
    /// Credits the cardholder's deposit account with <paramref name="amountMinor"/> yen from Pool's bank
    /// cash account. Idempotent by <paramref name="idempotencyKey"/>: a repeat returns the first result.
    /// </summary>
    /// <exception cref="LedgerRefusedException">The cardholder has no deposit account, or the key was first used for another movement.</exception>
    Task<DepositOutcome> DepositAsync(string cardholderId, long amountMinor, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Debits the cardholder's deposit account with <paramref name="amountMinor"/> yen paid out of Pool's
    /// bank cash account, refused (<see cref="TransferResultCode.ExceedsCredits"/>) beyond the available balance.
    /// Idempotent by <paramref name="idempotencyKey"/>: a repeat returns the first result.
    /// </summary>
    Task<WithdrawalOutcome> WithdrawAsync(string cardholderId, long amountMinor, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Every cardholder deposit account with its balances, in account id order, read in one snapshot
    /// (the authorization engine's state loading).
    /// </summary>
    IAsyncEnumerable<DepositAccountBalance> ReadDepositAccountsAsync(CancellationToken cancellationToken);
}
