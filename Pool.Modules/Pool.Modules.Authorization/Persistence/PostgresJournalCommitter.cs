using System.Runtime.InteropServices;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Engine;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// Makes a batch of journal records durable: the commit that gates the answers (ARCHITECTURE §2,
/// docs/decisions/0004-journal-projection.md). One row per batch goes into <c>authorization.journal</c> —
/// the fixed-size records as they are in memory, numbered by a position one above the last committed
/// one, with the admin commands' idempotency keys — by one INSERT that reads the lease epoch FOR SHARE
/// and writes nothing when it is not the engine's (fencing, §5); then COMMIT. That is two round trips
/// and one WAL flush whatever the batch holds. The ledger transfers, the authorization log and the
/// current-state tables are derived afterwards by <see cref="JournalProjector"/>, in position order.
/// <para>
/// A budget that fires before COMMIT rolls back (the transaction is disposed uncommitted). A COMMIT
/// whose outcome is unknown (the budget fired or the connection broke while it ran) leaves the batch
/// possibly durable while the engine undoes it: every later commit is then refused as
/// <see cref="EpochRejectedException"/>, so the engine stops and the host reloads from the database
/// (docs/engine.md "Journal tables").
/// </para>
/// </summary>
internal sealed class PostgresJournalCommitter(
    NpgsqlDataSource dataSource,
    AdminCommandRegistry adminCommands,
    JournalProjector projector,
    TimeProvider time,
    ILogger<PostgresJournalCommitter> logger) : IJournalCommitter
{
    /// <summary>
    /// Test failpoint: runs instead of <c>COMMIT</c> (e.g. commits, then throws as a broken connection
    /// would), so the in-doubt path can be driven deterministically. Null in production.
    /// </summary>
    internal Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? CommitFailpoint { get; set; }

    private const string UniqueViolation = "23505";

    private const string InsertSql =
        """
        INSERT INTO "authorization".journal (position, epoch, record_count, record_size, records, admin_indexes, admin_keys, admin_references, admin_codes)
        SELECT @position, @epoch, @count, @size, @records, @indexes, @keys, @references, @codes
        FROM "authorization".lease WHERE id = 1 AND epoch = @epoch FOR SHARE
        RETURNING pg_current_xact_id()::text
        """;

    private long _position;
    private volatile bool _inDoubt;

    /// <summary>The position of the last batch this committer made durable.</summary>
    public long CommittedPosition => Volatile.Read(ref _position);

    /// <summary>Called at activation, once the journal is projected through <paramref name="position"/>: the next batch is numbered one above.</summary>
    public void Reset(long position)
    {
        Volatile.Write(ref _position, position);
        _inDoubt = false;
    }

    public async ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        if (_inDoubt)
        {
            throw new EpochRejectedException("An earlier journal commit ended in doubt (its COMMIT was cut off); the engine must reload from the database.");
        }

        try
        {
            await CommitBatchAsync(batch, epoch, cancellationToken);
        }
        catch (Exception exception) when (exception is not (EpochRejectedException or OperationCanceledException))
        {
            AuthorizationLog.CommitFailed(logger, exception);
            throw;
        }
    }

    private async Task CommitBatchAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        using var activity = AuthorizationTelemetry.Source.StartActivity("authorization.journal.commit");
        activity?.SetTag("pool.journal.batch_size", batch.Length);
        activity?.SetTag("pool.lease.epoch", epoch);

        var position = _position + 1;
        var bytes = MemoryMarshal.AsBytes(batch.Span).ToArray();
        var committed = new JournalBatch(position, epoch, bytes, AdminContexts(batch.Span));

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? transactionId;
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.AddWithValue("position", position);
            insert.Parameters.AddWithValue("epoch", epoch);
            insert.Parameters.AddWithValue("count", batch.Length);
            insert.Parameters.AddWithValue("size", JournalBatch.RecordSize);
            insert.Parameters.AddWithValue("records", NpgsqlDbType.Bytea, bytes);
            insert.Parameters.AddWithValue("indexes", committed.AdminIndexes);
            insert.Parameters.AddWithValue("keys", committed.AdminKeys);
            insert.Parameters.AddWithValue("references", committed.AdminReferences);
            insert.Parameters.AddWithValue("codes", committed.AdminCodes);
            try
            {
                // The transaction's id comes back with the row: an in-doubt COMMIT is settled by it.
                transactionId = await insert.ExecuteScalarAsync(cancellationToken) as string;
            }
            catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
            {
                // Position taken: a batch this engine was told had failed is durable after all.
                _inDoubt = true;
                throw new EpochRejectedException($"Journal position {position} is already taken; the engine must reload from the database.");
            }

            if (transactionId is null)
            {
                throw new EpochRejectedException($"The lease epoch is no longer {epoch}: another instance holds the lease.");
            }
        }

        // The last moment the budget may stop the commit; past it the outcome is the server's.
        cancellationToken.ThrowIfCancellationRequested();
        await CommitOrResolveAsync(connection, transaction, transactionId, epoch, cancellationToken);

        Volatile.Write(ref _position, position);
        projector.Enqueue(committed);
        if (cancellationToken.IsCancellationRequested)
        {
            // Durable, but the engine may already have given up on it (budget) and undone it.
            _inDoubt = true;
            cancellationToken.ThrowIfCancellationRequested();
        }

        AuthorizationLog.BatchCommitted(logger, batch.Length, position, epoch);
    }

    /// <summary>
    /// COMMIT, settling any doubt (docs/engine.md "In-doubt commit"). A COMMIT that fails may still have
    /// happened: the transaction's status decides. Aborted → the failure stands (91, undone: both sides
    /// agree). Committed while the engine still waits → success. Committed after the engine gave up, or
    /// unknown → this committer refuses every later batch and the engine's epoch is fenced, so the host
    /// loads the durable state again (the next holder projects the batch from the journal table).
    /// </summary>
    private async Task CommitOrResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string transactionId, long epoch, CancellationToken cancellationToken)
    {
        try
        {
            await (CommitFailpoint?.Invoke(connection, transaction, CancellationToken.None) ?? transaction.CommitAsync(CancellationToken.None));
        }
        catch (Exception failure)
        {
            // Our session must end first: while it lives, a transaction whose COMMIT never reached the
            // server stays "in progress". Ending it aborts such a transaction and changes nothing else.
            await InDoubtCommit.EndSessionAsync(connection);
            var committed = await InDoubtCommit.TryResolveAsync(dataSource, transactionId, time);
            AuthorizationLog.CommitInDoubt(logger, transactionId, committed?.ToString() ?? "unknown", failure);
            if (committed == false)
            {
                throw;
            }

            if (committed is null || cancellationToken.IsCancellationRequested)
            {
                _inDoubt = true;
                var fenced = await InDoubtCommit.TryFenceAsync(dataSource, epoch, time);
                AuthorizationLog.InDoubtFenced(logger, transactionId, epoch, fenced);
                throw new EpochRejectedException($"Journal transaction {transactionId} is durable (or may be) although the engine could not count on it; epoch {epoch} is fenced so the state is loaded again.", failure);
            }
        }
    }

    /// <summary>The caller's idempotency key and reference of each admin command in the batch (the records cannot carry strings).</summary>
    private List<(int Index, AdminCommandContext Context)> AdminContexts(ReadOnlySpan<JournalRecord> batch)
    {
        var contexts = new List<(int, AdminCommandContext)>();
        for (var i = 0; i < batch.Length; i++)
        {
            if (batch[i].Key.De32AcquirerId == AdminCommandRegistry.AdminAcquirerId && adminCommands.TryGet(batch[i].Key, out var context))
            {
                contexts.Add((i, context));
            }
        }

        return contexts;
    }

    internal static string HoldLedgerKey(string what, in TransactionKey key, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"auth:{what}:{key.De32AcquirerId}:{key.De11Stan}:{key.De7TransmissionDateTime}:v{version}");
}
