using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Modules.Authorization.Engine;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// Derives the ledger, the authorization log and the current-state tables from committed journal batches
/// (docs/decisions/0004-journal-projection.md). Batches are applied in position order, several per
/// transaction; each transaction checks the lease epoch FOR SHARE (a deposed instance stops projecting),
/// locks <c>projection</c>, skips what it already applied, writes the ledger transfers
/// (<see cref="ILedgerTransfers"/>, zero-sum, same rules as before), the log rows by binary COPY and the
/// holds, card_state and admin_commands rows, advances <c>projection.position</c> and deletes the
/// batches. Applying a batch twice is therefore impossible, and a crash between the journal commit and
/// its projection is repaired at the next activation (<see cref="CatchUpAsync"/>).
/// A failed projection is retried with a growing pause; the batches stay queued and in the table.
/// </summary>
internal sealed class JournalProjector(
    NpgsqlDataSource dataSource,
    ILedgerTransfers transfers,
    CardCatalogAccess catalog,
    ILogger<JournalProjector> logger) : ILedgerReadBarrier
{
    /// <summary>Records per projection transaction at most (several batches are merged up to it).</summary>
    public const int RecordsPerProjectionMax = 8_192;

    /// <summary>
    /// Records kept in memory for the projector at most (~160 MiB). Beyond it a committed batch is queued
    /// without its records, which the projector reads back from the table when it gets there: a projector
    /// that falls behind under a burst costs reads, not memory.
    /// </summary>
    public const int QueuedRecordsMax = 262_144;

    /// <summary>How long a read waits for the projection of what was committed before it (then reads anyway).</summary>
    public static readonly TimeSpan ReadBarrierTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the projector lets committed batches gather before it projects them, when nobody waits for the
    /// projection and fewer than <see cref="LingerRecordsMin"/> records are queued. A projection transaction has a
    /// fixed cost of about a millisecond of CPU on each side (ten statements, a COMMIT): projected batch by batch
    /// at moderate rates, that cost was the larger part of the projection's CPU (Pool.Benchmarks journal, CPU per
    /// record at one record per batch against 4,096), CPU the answers' commits need on a small machine. Nobody is
    /// delayed by it: an admin command or a read that waits for the projection ends the linger at once.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(25);

    /// <summary>Records queued at which the projector stops lingering (half a projection transaction).</summary>
    public const int LingerRecordsMin = RecordsPerProjectionMax / 2;

    private const string LogColumns =
        "epoch, decided_at, kind, request_kind, flags, card_number, card_id, cardholder_id, account_id, card_key, " +
        "acquirer_id, stan, transmitted_at, original_acquirer_id, original_stan, original_transmitted_at, processing_code, " +
        "amount, billing_amount, currency, mcc, country, pos_entry_mode, pos_condition_code, rrn, merchant_name, response_code, " +
        "approval_code, approved_amount, approved_transaction_amount, available_balance, hold_amount, available_at_decision";

    private readonly Lock _lock = new();
    private readonly Queue<JournalBatch> _queue = new();
    private TaskCompletionSource _queued = NewSignal();
    private TaskCompletionSource _progress = NewSignal();

    // Ends a linger early: enough records queued, or someone waits for the projection.
    private TaskCompletionSource _hurry = NewSignal();
    private int _waiters;
    private long _queuedCount;
    private long _projected;
    private long _queuedRecords;
    private volatile bool _failing;
    private volatile bool _halted;

    /// <summary><see cref="QueuedRecordsMax"/>, lowered by tests to read every batch back from the table.</summary>
    internal int QueuedRecordsLimit { get; set; } = QueuedRecordsMax;
    private long _enqueued;
    private CancellationTokenSource? _stop;
    private Task? _loop;

    /// <summary>The last position projected (as far as this instance knows).</summary>
    public long ProjectedPosition => Volatile.Read(ref _projected);

    /// <summary>The last position committed by this instance's committer.</summary>
    public long EnqueuedPosition => Volatile.Read(ref _enqueued);

    /// <summary>Batches committed but not yet projected (a gauge for the lag).</summary>
    public int Lag
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Called by the committer after COMMIT, in position order.</summary>
    public void Enqueue(JournalBatch batch)
    {
        lock (_lock)
        {
            if (_queuedRecords + batch.Count > QueuedRecordsLimit)
            {
                batch = batch.WithoutRecords();
            }
            else
            {
                _queuedRecords += batch.Count;
            }

            _queue.Enqueue(batch);
            _queuedCount += batch.Count;
            _enqueued = batch.Position;
            _queued.TrySetResult();
            if (_queuedCount >= LingerRecordsMin)
            {
                _hurry.TrySetResult();
            }
        }
    }

    /// <summary>Starts projecting this instance's commits (after <see cref="CatchUpAsync"/> brought the tables to <paramref name="position"/>).</summary>
    public void Start(long epoch, long position)
    {
        lock (_lock)
        {
            _queue.Clear();
            _queuedRecords = 0;
            _queuedCount = 0;
            _failing = false;
            _halted = false;
            _projected = position;
            _enqueued = position;
            _stop = new CancellationTokenSource();
            var stop = _stop.Token;
            _loop = Task.Run(() => RunAsync(epoch, stop), CancellationToken.None);
        }
    }

    /// <summary>Projects what is queued (bounded by <paramref name="drainTimeout"/>), then stops. What is left stays in the table for the next activation.</summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        Task? loop;
        CancellationTokenSource? stop;
        lock (_lock)
        {
            loop = _loop;
            stop = _stop;
        }

        if (loop is null || stop is null)
        {
            return;
        }

        if (!_failing)
        {
            // Draining is worth a wait only while projections succeed (not with the database away).
            await WaitForAsync(EnqueuedPosition, drainTimeout, CancellationToken.None);
        }

        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopped mid-projection: rolled back; the batches stay in the table for the next activation.
        }

        lock (_lock)
        {
            _loop = null;
            _stop = null;
            _queue.Clear();
            _queuedRecords = 0;
            _queuedCount = 0;
            _progress.TrySetResult();
            _progress = NewSignal();
        }

        stop.Dispose();
    }

    /// <summary>Waits until <paramref name="position"/> is projected; false when <paramref name="timeout"/> ran out first.</summary>
    public async Task<bool> WaitForAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _waiters++;
            _hurry.TrySetResult();
        }

        try
        {
            return await WaitForProgressAsync(position, timeout, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                _waiters--;
            }
        }
    }

    private async Task<bool> WaitForProgressAsync(long position, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (_projected >= position || _loop is null || _halted)
                {
                    return _projected >= position;
                }

                progress = _progress.Task;
            }

            var left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return false;
            }

            try
            {
                await progress.WaitAsync(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency), cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }

    /// <summary>Read-your-writes: waits (bounded) until everything committed so far is projected.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => WaitForAsync(EnqueuedPosition, ReadBarrierTimeout, cancellationToken);

    /// <summary>
    /// At activation, under the lease and before the state is loaded: projects every batch left in the
    /// table (committed by an instance that crashed or was deposed before projecting it). Returns the
    /// position the tables are at and how many batches it projected.
    /// </summary>
    public async Task<(long Position, int Projected)> CatchUpAsync(long epoch, CancellationToken cancellationToken)
    {
        var projected = 0;
        while (true)
        {
            var batches = new List<JournalBatch>();
            long position;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                await using var command = new NpgsqlCommand(
                    """
                    SELECT p.position, j.position, j.epoch, j.record_size, j.records, j.admin_indexes, j.admin_keys, j.admin_references, j.admin_codes
                    FROM "authorization".projection p
                    LEFT JOIN LATERAL (
                        SELECT * FROM "authorization".journal j WHERE j.position > p.position ORDER BY j.position LIMIT 64
                    ) j ON true
                    WHERE p.id = 1
                    ORDER BY j.position
                    """,
                    connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                position = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    position = reader.GetInt64(0);
                    if (await reader.IsDBNullAsync(1, cancellationToken))
                    {
                        continue;
                    }

                    batches.Add(JournalBatch.Stored(
                        reader.GetInt64(1),
                        reader.GetInt64(2),
                        reader.GetInt32(3),
                        reader.GetFieldValue<byte[]>(4),
                        reader.GetFieldValue<int[]>(5),
                        reader.GetFieldValue<string[]>(6),
                        reader.GetFieldValue<string?[]>(7),
                        reader.GetFieldValue<short[]>(8)));
                }
            }

            if (batches.Count == 0)
            {
                if (projected > 0)
                {
                    AuthorizationLog.CaughtUp(logger, projected, position);
                }

                return (position, projected);
            }

            await ProjectAsync(batches, epoch, cancellationToken);
            projected += batches.Count;
        }
    }

    /// <summary>The records of batches queued without them, from the table (still there: a batch is deleted when projected).</summary>
    private async Task<List<JournalBatch>> ReadBackAsync(List<JournalBatch> stubs, CancellationToken cancellationToken)
    {
        var records = new Dictionary<long, byte[]>(stubs.Count);
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var command = new NpgsqlCommand(
                "SELECT position, records FROM \"authorization\".journal WHERE position BETWEEN @first AND @last",
                connection);
            command.Parameters.AddWithValue("first", stubs[0].Position);
            command.Parameters.AddWithValue("last", stubs[^1].Position);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                records[reader.GetInt64(0)] = reader.GetFieldValue<byte[]>(1);
            }
        }

        var batches = new List<JournalBatch>(stubs.Count);
        foreach (var stub in stubs)
        {
            if (records.TryGetValue(stub.Position, out var bytes))
            {
                batches.Add(stub.WithRecords(bytes));
            }
            else if (stub.Position > ProjectedPosition)
            {
                throw new InvalidOperationException($"Journal batch {stub.Position} is neither projected nor in the table.");
            }
        }

        return batches;
    }

    private async Task RunAsync(long epoch, CancellationToken stop)
    {
        var pause = TimeSpan.FromMilliseconds(50);
        var taken = new List<JournalBatch>();
        while (!stop.IsCancellationRequested)
        {
            Task queued;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _queued = NewSignal();
                }

                queued = _queued.Task;
            }

            await queued.WaitAsync(stop);
            await LingerAsync(stop);
            taken.Clear();
            lock (_lock)
            {
                // Batches kept in memory, or a run of batches to read back from the table.
                var records = 0;
                foreach (var batch in _queue)
                {
                    if (taken.Count > 0 && (records + batch.Count > RecordsPerProjectionMax || (batch.Records is null) != (taken[0].Records is null)))
                    {
                        break;
                    }

                    taken.Add(batch);
                    records += batch.Count;
                }
            }

            if (taken.Count == 0)
            {
                continue;
            }

            try
            {
                await ProjectAsync(taken[0].Records is null ? await ReadBackAsync(taken, stop) : taken, epoch, stop);
                pause = TimeSpan.FromMilliseconds(50);
                _failing = false;
            }
            catch (EpochRejectedException)
            {
                // Deposed: the new holder projects the rest from the table. Nobody waits for this one any more.
                lock (_lock)
                {
                    _halted = true;
                    _progress.TrySetResult();
                    _progress = NewSignal();
                }

                return;
            }
            catch (Exception exception) when (!stop.IsCancellationRequested)
            {
                _failing = true;
                if (exception is JournalLedgerMismatchException)
                {
                    AuthorizationLog.LedgerMismatch(logger, exception);
                }
                else
                {
                    AuthorizationLog.ProjectionFailed(logger, taken[0].Position, taken[^1].Position, exception);
                }

                await Task.Delay(pause, stop);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                continue;
            }

            lock (_lock)
            {
                for (var i = 0; i < taken.Count; i++)
                {
                    var batch = _queue.Dequeue();
                    _queuedRecords -= batch.Records is null ? 0 : batch.Count;
                    _queuedCount -= batch.Count;
                }

                _projected = taken[^1].Position;
                _progress.TrySetResult();
                _progress = NewSignal();
            }
        }
    }

    /// <summary>Lets batches gather for up to <see cref="Linger"/>, unless enough are queued or someone waits for the projection.</summary>
    private async Task LingerAsync(CancellationToken stop)
    {
        Task hurry;
        lock (_lock)
        {
            if (_queuedCount >= LingerRecordsMin || _waiters > 0)
            {
                return;
            }

            _hurry = NewSignal();
            hurry = _hurry.Task;
        }

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var timer = Task.Delay(Linger, delay.Token);
        await Task.WhenAny(hurry, timer);
        await delay.CancelAsync();
    }

    /// <summary>Applies <paramref name="batches"/> (consecutive positions) in one transaction; those already applied are skipped.</summary>
    private async Task ProjectAsync(IReadOnlyList<JournalBatch> batches, long epoch, CancellationToken cancellationToken)
    {
        using var activity = AuthorizationTelemetry.Source.StartActivity("authorization.journal.project");
        // Where a projected batch's time goes, per statement (event 5119 at Debug; the journal benchmark shows it).
        var timings = new ProjectionTimings();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long projected;
        await using (var fence = new NpgsqlCommand(
            """
            SELECT (SELECT epoch FROM "authorization".lease WHERE id = 1 FOR SHARE),
                   (SELECT position FROM "authorization".projection WHERE id = 1 FOR UPDATE)
            """,
            connection,
            transaction))
        {
            await using var reader = await fence.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var current = reader.GetInt64(0);
            projected = reader.GetInt64(1);
            if (current != epoch)
            {
                throw new EpochRejectedException($"The lease epoch is {current}, this projector's is {epoch}: another instance holds the lease.");
            }
        }

        timings.Mark(ProjectionStep.Fence);
        var pending = batches.Where(b => b.Position > projected).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        if (pending[0].Position != projected + 1)
        {
            throw new InvalidOperationException($"Journal projection is at {projected} but the next batch is {pending[0].Position}: a batch is missing.");
        }

        var records = new JournalRecord[pending.Sum(b => b.Count)];
        var epochs = new long[records.Length];
        var admin = new Dictionary<TransactionKey, AdminCommandContext>();
        var offset = 0;
        foreach (var batch in pending)
        {
            batch.Span.CopyTo(records.AsSpan(offset));
            epochs.AsSpan(offset, batch.Count).Fill(batch.Epoch);
            foreach (var (index, context) in batch.Admin)
            {
                admin[records[offset + index].Key] = context;
            }

            offset += batch.Count;
        }

        activity?.SetTag("pool.journal.records", records.Length);
        var plan = new CommitPlan(catalog.Current, admin);
        var versions = await HoldVersionsAsync(connection, transaction, records, cancellationToken);
        timings.Mark(ProjectionStep.HoldVersions);
        plan.Build(records, versions);
        timings.Mark(ProjectionStep.Plan);
        if (plan.Transfers.Count > 0)
        {
            var outcomes = await transfers.CreateNewAsync(plan.Transfers, connection, transaction, cancellationToken);
            plan.CheckTransfers(outcomes);
        }

        timings.Mark(ProjectionStep.Ledger);
        if (plan.LogCount > 0)
        {
            await WriteLogAsync(connection, records, epochs, plan, cancellationToken);
        }

        timings.Mark(ProjectionStep.Log);
        await JournalTables.UpsertHoldsAsync(connection, transaction, plan.Holds.Values, cancellationToken);
        timings.Mark(ProjectionStep.Holds);
        await JournalTables.UpsertCardStatesAsync(connection, transaction, plan.Cards.Values, cancellationToken);
        timings.Mark(ProjectionStep.CardStates);
        await JournalTables.InsertAdminCommandsAsync(connection, transaction, plan.AdminCommands, cancellationToken);
        timings.Mark(ProjectionStep.AdminCommands);
        await using (var advance = new NpgsqlCommand(
            """
            UPDATE "authorization".projection SET position = @last WHERE id = 1;
            DELETE FROM "authorization".journal WHERE position <= @last;
            """,
            connection,
            transaction))
        {
            advance.Parameters.AddWithValue("last", pending[^1].Position);
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        timings.Mark(ProjectionStep.Advance);
        await transaction.CommitAsync(cancellationToken);
        timings.Mark(ProjectionStep.Commit);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AuthorizationLog.ProjectionTimed(logger, records.Length, pending[0].Position, pending[^1].Position, timings.ToString());
        }

        plan.PublishTransferIds();
        activity?.SetTag("pool.journal.transfers", plan.Transfers.Count);
    }

    /// <summary>The ledger versions of every hold the batch changes, in one round trip.</summary>
    private static async Task<Dictionary<TransactionKey, HoldRow>> HoldVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, JournalRecord[] records, CancellationToken cancellationToken)
    {
        var keys = new HashSet<TransactionKey>();
        foreach (ref readonly var record in records.AsSpan())
        {
            if (record.Has(JournalRecordFlags.HoldChanged))
            {
                keys.Add(record.HoldKey);
            }
        }

        var rows = new Dictionary<TransactionKey, HoldRow>(keys.Count);
        if (keys.Count == 0)
        {
            return rows;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT h.acquirer_id, h.stan, h.transmitted_at, h.ledger_version, h.pending_open, h.opened_at, h.state
            FROM "authorization".holds h
            JOIN unnest(@acquirers, @stans, @transmitted) AS k(acquirer_id, stan, transmitted_at)
              ON h.acquirer_id = k.acquirer_id AND h.stan = k.stan AND h.transmitted_at = k.transmitted_at
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("acquirers", keys.Select(k => k.De32AcquirerId).ToArray());
        command.Parameters.AddWithValue("stans", keys.Select(k => k.De11Stan).ToArray());
        command.Parameters.AddWithValue("transmitted", keys.Select(k => k.De7TransmissionDateTime).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new TransactionKey(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2));
            rows[key] = new HoldRow
            {
                Key = key,
                LedgerVersion = reader.GetInt32(3),
                PendingOpen = reader.GetBoolean(4),
                OpenedAt = reader.GetFieldValue<DateTimeOffset>(5),
                State = (HoldRowState)reader.GetInt16(6),
            };
        }

        return rows;
    }

    private static async Task WriteLogAsync(NpgsqlConnection connection, JournalRecord[] batch, long[] epochs, CommitPlan plan, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"authorization\".log ({LogColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < batch.Length; i++)
        {
            var record = batch[i];
            if (!CommitPlan.IsLogged(record.Kind))
            {
                continue;
            }

            var card = plan.CardOf(record.CardId);
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(epochs[i], NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(new DateTime(record.DecidedAtUtcTicks, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, cancellationToken);
            await importer.WriteAsync((short)record.Kind, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((short)record.RequestKind, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((int)record.Flags, NpgsqlDbType.Integer, cancellationToken);
            await WriteNullableAsync(importer, record.CardId == 0 ? null : record.CardId, cancellationToken);
            await WriteNullableAsync(importer, card?.CardId, cancellationToken);
            await WriteNullableAsync(importer, card?.CardholderId, cancellationToken);
            await WriteNullableAsync(importer, record.AccountId == 0 ? null : record.AccountId, cancellationToken);
            await importer.WriteAsync(JournalTables.ToGuid(record.CardKey), NpgsqlDbType.Uuid, cancellationToken);
            await importer.WriteAsync(record.Key.De32AcquirerId, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.Key.De11Stan, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(record.Key.De7TransmissionDateTime, NpgsqlDbType.Bigint, cancellationToken);
            var hasOriginal = !record.OriginalKey.IsEmpty;
            await WriteNullableAsync(importer, hasOriginal ? record.OriginalKey.De32AcquirerId : null, cancellationToken);
            await WriteNullableIntAsync(importer, hasOriginal ? record.OriginalKey.De11Stan : null, cancellationToken);
            await WriteNullableAsync(importer, hasOriginal ? record.OriginalKey.De7TransmissionDateTime : null, cancellationToken);
            await importer.WriteAsync((short)record.De3ProcessingCode, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(record.De4AmountMinor, NpgsqlDbType.Bigint, cancellationToken);
            await WriteNullableAsync(importer, record.Has(JournalRecordFlags.HasDe6) ? record.De6BillingAmountMinor : null, cancellationToken);
            await importer.WriteAsync(record.De49CurrencyCode, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(record.De18Mcc, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(record.De19CountryCode, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((short)record.De22PosEntryMode, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((short)record.De25PosConditionCode, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync(Text(record.De37Rrn), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(Text(record.De43MerchantName), NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)record.ResponseCode, NpgsqlDbType.Smallint, cancellationToken);
            await WriteNullableAsync(importer, record.ApprovalCode.IsNone ? null : record.ApprovalCode.ToString(), cancellationToken);
            await importer.WriteAsync(record.ApprovedAmountMinor, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.ApprovedTransactionAmountMinor, NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(record.AvailableBalanceMinor, NpgsqlDbType.Bigint, cancellationToken);
            var holdAfter = record.Has(JournalRecordFlags.HoldChanged) && record.Has(JournalRecordFlags.HoldExistsAfter);
            await WriteNullableAsync(importer, holdAfter ? record.HoldAfter.AmountMinor : null, cancellationToken);
            await WriteNullableAsync(importer, AvailableAtDecision(in record), cancellationToken);
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The available balance the decision was taken against: after the record, less what the record itself changed.</summary>
    internal static long? AvailableAtDecision(in JournalRecord record) =>
        record.Has(JournalRecordFlags.AvailableBalanceRecorded)
            ? record.AvailableBalanceMinor - record.PostedDeltaMinor + record.HeldDeltaMinor
            : null;

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, long? value, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Bigint, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableIntAsync(NpgsqlBinaryImporter importer, int? value, CancellationToken cancellationToken) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Integer, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is not null ? importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken) : importer.WriteNullAsync(cancellationToken);

    /// <summary>A fixed ASCII field as text, trailing spaces and NULs trimmed; non-printable bytes become '?' (the log is for people).</summary>
    internal static string Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is 0 or (byte)' ')
        {
            end--;
        }

        var text = new StringBuilder(end);
        for (var i = 0; i < end; i++)
        {
            text.Append(bytes[i] is >= 0x20 and <= 0x7E ? (char)bytes[i] : '?');
        }

        return text.ToString();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
