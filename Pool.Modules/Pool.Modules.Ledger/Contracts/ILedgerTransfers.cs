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

    /// <summary>
    /// <see cref="CreateAsync(IReadOnlyList{TransferRequest}, NpgsqlConnection, NpgsqlTransaction, CancellationToken)"/>
    /// for a caller whose idempotency keys are new by construction (e.g. derived from a journal position it applies
    /// exactly once) and which decides the accounts' changes itself (the engine's projector): the same rules and the
    /// same outcomes, without the work that only repeats and racing writers need. Repeated keys are not looked for
    /// (the unique index still refuses one), and the accounts are read without a lock (the balance update takes the
    /// row locks, and the balances it returns must be the planned ones). When either assumption fails, the batch is
    /// undone to its savepoint and done again by the full path, so the outcome never depends on the shortcut.
    /// </summary>
    Task<IReadOnlyList<TransferOutcome>> CreateNewAsync(
        IReadOnlyList<TransferRequest> transfers,
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        CancellationToken cancellationToken);

    /// <summary>Creates one transfer in a transaction of its own.</summary>
    Task<TransferOutcome> CreateAsync(TransferRequest transfer, CancellationToken cancellationToken);
}
