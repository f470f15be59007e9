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
/// <para>
/// The committer keeps one connection of its own with the INSERT prepared on it (commits are serial, so one
/// is enough): a pooled open per commit costs a reset and a parse and plan of the statement each time, which
/// at a commit every few hundred microseconds was a visible share of the answer's latency. Any failure drops
/// the connection; the next commit opens a new one.
/// </para>
/// </summary>
internal sealed class PostgresJournalCommitter(
    NpgsqlDataSource dataSource,
    AdminCommandRegistry adminCommands,
    JournalProjector projector,
    TimeProvider time,
    ILogger<PostgresJournalCommitter> logger) : IJournalCommitter, IAsyncDisposable
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

    // The committer's own connection with its prepared INSERT (null until the first commit, and after a failure).
    private PreparedInsert? _prepared;

    /// <summary>The position of the last batch this committer made durable.</summary>
    public long CommittedPosition => Volatile.Read(ref _position);

    /// <summary>Called at activation, once the journal is projected through <paramref name="position"/>: the next batch is numbered one above.</summary>
    public void Reset(long position)
    {
        Volatile.Write(ref _position, position);
        _inDoubt = false;
        DropConnection();
    }

    public ValueTask DisposeAsync()
    {
        DropConnection();
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets the committer's connection (closing it ends its session); the next commit opens another.</summary>
    private void DropConnection() => Interlocked.Exchange(ref _prepared, null)?.Connection.Dispose();

    /// <summary>
    /// Takes the committer's connection for one commit (opening and preparing one when there is none). Taken,
    /// not shared: a commit the engine gave up on (budget) may still be running on its connection when the next
    /// batch comes, and that batch then gets a connection of its own.
    /// </summary>
    private async Task<PreparedInsert> TakeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _prepared, null) is { } prepared)
        {
            return prepared;
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            prepared = new PreparedInsert(connection);
            await prepared.Command.PrepareAsync(cancellationToken);
            return prepared;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gives a healthy connection back for the next commit (or closes it when another was given back first).</summary>
    private void GiveBack(PreparedInsert prepared)
    {
        // A session ended to settle an in-doubt COMMIT is closed although the commit succeeded.
        if (prepared.Connection.FullState != System.Data.ConnectionState.Open
            || Interlocked.CompareExchange(ref _prepared, prepared, null) is not null)
        {
            prepared.Connection.Dispose();
        }
    }

    public async ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        if (_inDoubt)
        {
            throw new EpochRejectedException("An earlier journal commit ended in doubt (its COMMIT was cut off); the engine must reload from the database.");
        }

        var prepared = await TakeAsync(cancellationToken);
        try
        {
            await CommitBatchAsync(prepared, batch, epoch, cancellationToken);
        }
        catch (Exception exception)
        {
            // Whatever went wrong, this session ends; the next commit starts on a fresh one.
            await prepared.Connection.DisposeAsync();
            if (exception is not (EpochRejectedException or OperationCanceledException))
            {
                AuthorizationLog.CommitFailed(logger, exception);
            }

            throw;
        }

        GiveBack(prepared);
    }

    private async Task CommitBatchAsync(PreparedInsert prepared, ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        using var activity = AuthorizationTelemetry.Source.StartActivity("authorization.journal.commit");
        activity?.SetTag("pool.journal.batch_size", batch.Length);
        activity?.SetTag("pool.lease.epoch", epoch);

        var position = _position + 1;
        var bytes = MemoryMarshal.AsBytes(batch.Span).ToArray();
        var committed = new JournalBatch(position, epoch, bytes, AdminContexts(batch.Span));

        var connection = prepared.Connection;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? transactionId;
        prepared.Bind(transaction, committed, epoch);
        try
        {
            // The transaction's id comes back with the row: an in-doubt COMMIT is settled by it.
            transactionId = await prepared.Command.ExecuteScalarAsync(cancellationToken) as string;
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

    /// <summary>The committer's connection and its prepared INSERT, with typed parameters (no boxing per commit).</summary>
    private sealed class PreparedInsert
    {
        private readonly NpgsqlParameter<long> _position = new("position", NpgsqlDbType.Bigint);
        private readonly NpgsqlParameter<long> _epoch = new("epoch", NpgsqlDbType.Bigint);
        private readonly NpgsqlParameter<int> _count = new("count", NpgsqlDbType.Integer);
        private readonly NpgsqlParameter<int> _size = new("size", NpgsqlDbType.Integer);
        private readonly NpgsqlParameter<byte[]> _records = new("records", NpgsqlDbType.Bytea);
        private readonly NpgsqlParameter<int[]> _indexes = new("indexes", NpgsqlDbType.Array | NpgsqlDbType.Integer);
        private readonly NpgsqlParameter<string[]> _keys = new("keys", NpgsqlDbType.Array | NpgsqlDbType.Text);
        private readonly NpgsqlParameter<string?[]> _references = new("references", NpgsqlDbType.Array | NpgsqlDbType.Text);
        private readonly NpgsqlParameter<short[]> _codes = new("codes", NpgsqlDbType.Array | NpgsqlDbType.Smallint);

        public PreparedInsert(NpgsqlConnection connection)
        {
            Connection = connection;
            Command = new NpgsqlCommand(InsertSql, connection)
            {
                Parameters = { _position, _epoch, _count, _size, _records, _indexes, _keys, _references, _codes },
            };
        }

        public NpgsqlConnection Connection { get; }

        public NpgsqlCommand Command { get; }

        public void Bind(NpgsqlTransaction transaction, JournalBatch batch, long epoch)
        {
            Command.Transaction = transaction;
            _position.TypedValue = batch.Position;
            _epoch.TypedValue = epoch;
            _count.TypedValue = batch.Count;
            _size.TypedValue = JournalBatch.RecordSize;
            _records.TypedValue = batch.Records;
            _indexes.TypedValue = batch.AdminIndexes;
            _keys.TypedValue = batch.AdminKeys;
            _references.TypedValue = batch.AdminReferences;
            _codes.TypedValue = batch.AdminCodes;
        }
    }

    internal static string HoldLedgerKey(string what, in TransactionKey key, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"auth:{what}:{key.De32AcquirerId}:{key.De11Stan}:{key.De7TransmissionDateTime}:v{version}");
}
