using Npgsql;

namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// Double-entry transfers between ledger accounts, TigerBeetle style (docs/ledger.md): single-phase,
/// or two-phase (pending, then post or void). Every transfer carries an idempotency key: a repeat with the
/// same content returns the first transfer (<see cref="TransferResultCode.Exists"/>).
/// </summary>
public interface ILedgerTransfers
{
    /// <summary>
    /// Creates <paramref name="transfers"/> in order inside the caller's transaction (READ COMMITTED, which is
    /// PostgreSQL's default): one result per request, at the same index. A refused transfer changes nothing and
    /// does not stop the others; a later transfer of the batch sees the earlier ones (e.g. a pending and its post).
    /// Locks the accounts it touches until the caller commits. Throws only for bugs and database failures;
    /// the caller then rolls back.
    /// </summary>
    /// <remarks>
    /// At most <c>Ledger:TransfersPerBatchMax</c> requests (default 1,000,000). The work takes two round trips
    /// whatever the batch size.
    /// </remarks>
    Task<IReadOnlyList<TransferOutcome>> CreateAsync(
        IReadOnlyList<TransferRequest> transfers,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>Creates one transfer in a transaction of its own.</summary>
    Task<TransferOutcome> CreateAsync(TransferRequest transfer, CancellationToken cancellationToken);
}
