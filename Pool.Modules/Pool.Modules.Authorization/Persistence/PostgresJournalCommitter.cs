using System.Runtime.ExceptionServices;
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
/// and writes nothing when it is not the engine's (fencing, §5), run as a transaction of its own: it
/// commits, and waits for its WAL flush, before it answers. One round trip and one WAL flush whatever the
/// batch holds (it was two round trips with an explicit COMMIT: each costs the host a socket wake-up and
/// a thread-pool hop, the larger part of a small commit's CPU by perf). The ledger transfers, the
/// authorization log and the current-state tables are derived afterwards by <see cref="JournalProjector"/>,
/// in position order.
/// <para>
/// A budget that fires while the statement runs cancels it; a refusal the server answers (a cancellation it
/// acknowledged included) means nothing committed. A statement whose answer never comes (the budget gave up
/// waiting or the connection broke) is in doubt: the session is ended and, once its server process is gone,
/// the batch's row says what happened. A batch durable after the engine gave up on it makes every later
/// commit fail as <see cref="EpochRejectedException"/>, so the engine stops and the host reloads from the
/// database (docs/engine.md "Journal tables").
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
    /// Test failpoint: runs instead of executing the journal INSERT (e.g. executes it, then throws as a broken
    /// connection would), so the in-doubt path can be driven deterministically. Null in production.
    /// </summary>
    internal Func<NpgsqlCommand, CancellationToken, Task<object?>>? ExecuteFailpoint { get; set; }

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
        prepared.Bind(committed, epoch);
        string? transactionId;
        try
        {
            // One statement in its own transaction: it commits (and waits for its WAL flush) before it answers.
            transactionId = await (ExecuteFailpoint?.Invoke(prepared.Command, cancellationToken) ?? prepared.Command.ExecuteScalarAsync(cancellationToken)) as string;
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
        {
            // Position taken: a batch this engine was told had failed is durable after all.
            _inDoubt = true;
            throw new EpochRejectedException($"Journal position {position} is already taken; the engine must reload from the database.");
        }
        catch (Exception failure) when (IsInDoubt(failure))
        {
            transactionId = await ResolveAsync(connection, position, epoch, failure, cancellationToken);
        }

        if (transactionId is null)
        {
            throw new EpochRejectedException($"The lease epoch is no longer {epoch}: another instance holds the lease.");
        }

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
    /// A failure that leaves the statement's outcome unknown: no answer came back (the connection broke, or the
    /// budget cancelled the wait) while the server may have committed. A refusal by the server (any
    /// <see cref="PostgresException"/>, including a cancellation it acknowledged) means the statement, and so its
    /// transaction, did not commit.
    /// </summary>
    private static bool IsInDoubt(Exception failure) =>
        failure is not PostgresException
        && failure.InnerException is not PostgresException
        && failure is NpgsqlException or OperationCanceledException or IOException or TimeoutException;

    /// <summary>
    /// Settles a commit whose answer never came (docs/engine.md "In-doubt commit"): the session is ended, and once
    /// its server process is gone the journal says whether the batch's row is there. Not there → the failure stands
    /// (91, undone: both sides agree). There while the engine still waits → success (the row's transaction id is
    /// returned). There after the engine gave up, or unknown → this committer refuses every later batch and the
    /// engine's epoch is fenced, so the host loads the durable state again (the next holder projects the batch).
    /// </summary>
    private async Task<string> ResolveAsync(NpgsqlConnection connection, long position, long epoch, Exception failure, CancellationToken cancellationToken)
    {
        var processId = await InDoubtCommit.EndSessionAsync(dataSource, connection, time);
        var committed = await InDoubtCommit.TryResolveAsync(dataSource, processId, position, epoch, time);
        var described = $"journal position {position} (server process {processId})";
        AuthorizationLog.CommitInDoubt(logger, described, committed?.ToString() ?? "unknown", failure);
        if (committed == false)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (committed is null || cancellationToken.IsCancellationRequested)
        {
            _inDoubt = true;
            var fenced = await InDoubtCommit.TryFenceAsync(dataSource, epoch, time);
            AuthorizationLog.InDoubtFenced(logger, described, epoch, fenced);
            throw new EpochRejectedException($"The batch at {described} is durable (or may be) although the engine could not count on it; epoch {epoch} is fenced so the state is loaded again.", failure);
        }

        return described;
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

        public void Bind(JournalBatch batch, long epoch)
        {
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
