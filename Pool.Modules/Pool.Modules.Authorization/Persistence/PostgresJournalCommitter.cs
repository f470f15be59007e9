using System.Diagnostics;
using System.Globalization;
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
/// Makes a batch of journal records durable in one PostgreSQL transaction (ARCHITECTURE §2):
/// <list type="number">
/// <item>the lease epoch is read <c>FOR SHARE</c> and must be the engine's (fencing, §5);</item>
/// <item>the authorization log rows go in by binary COPY;</item>
/// <item>the money moves as ledger transfers through <see cref="ILedgerTransfers.CreateAsync(IReadOnlyList{TransferRequest}, NpgsqlConnection, NpgsqlTransaction, CancellationToken)"/> in the same transaction;</item>
/// <item>the current-state tables (holds, card_state, admin_commands) are upserted from unnest arrays.</item>
/// </list>
/// Every await takes the budget's token: when it fires the transaction is rolled back (disposed
/// uncommitted) and never committed later.
/// </summary>
internal sealed class PostgresJournalCommitter(
    NpgsqlDataSource dataSource,
    ILedgerTransfers transfers,
    CardCatalogAccess catalog,
    AdminCommandRegistry adminCommands,
    TimeProvider time,
    ILogger<PostgresJournalCommitter> logger) : IJournalCommitter
{
    /// <summary>
    /// Test failpoint: runs instead of <c>COMMIT</c> (e.g. commits, then throws as a broken connection
    /// would), so the in-doubt path can be driven deterministically. Null in production.
    /// </summary>
    internal Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? CommitFailpoint { get; set; }

    private const string LogColumns =
        "epoch, decided_at, kind, request_kind, flags, card_number, card_id, cardholder_id, account_id, card_key, " +
        "acquirer_id, stan, transmitted_at, original_acquirer_id, original_stan, original_transmitted_at, processing_code, " +
        "amount, billing_amount, currency, mcc, country, pos_entry_mode, pos_condition_code, rrn, merchant_name, response_code, " +
        "approval_code, approved_amount, approved_transaction_amount, available_balance, hold_amount";

    public async ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken)
    {
        try
        {
            await CommitBatchAsync(batch, epoch, cancellationToken);
        }
        catch (JournalLedgerMismatchException exception)
        {
            AuthorizationLog.LedgerMismatch(logger, exception);
            throw;
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

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var transactionId = await CheckEpochAsync(connection, transaction, epoch, cancellationToken);

        var plan = new CommitPlan(catalog.Current, adminCommands);
        var versions = await HoldVersionsAsync(connection, transaction, batch, cancellationToken);
        plan.Build(batch.Span, versions);

        if (plan.Transfers.Count > 0)
        {
            var outcomes = await transfers.CreateAsync(plan.Transfers, connection, transaction, cancellationToken);
            plan.CheckTransfers(outcomes);
        }

        if (plan.LogCount > 0)
        {
            await WriteLogAsync(connection, batch, epoch, plan, cancellationToken);
        }

        await JournalTables.UpsertHoldsAsync(connection, transaction, plan.Holds.Values, cancellationToken);
        await JournalTables.UpsertCardStatesAsync(connection, transaction, plan.Cards.Values, cancellationToken);
        await JournalTables.InsertAdminCommandsAsync(connection, transaction, plan.AdminCommands, cancellationToken);

        // The last moment the budget may stop the commit; past it the outcome is the server's.
        cancellationToken.ThrowIfCancellationRequested();
        await CommitOrResolveAsync(connection, transaction, transactionId, epoch, cancellationToken);
        plan.PublishTransferIds();
        activity?.SetTag("pool.journal.transfers", plan.Transfers.Count);
        AuthorizationLog.BatchCommitted(logger, batch.Length, plan.Transfers.Count, epoch);
    }

    /// <summary>
    /// COMMIT, settling any doubt (docs/engine.md "In-doubt commit"). A COMMIT that fails may still have
    /// happened: the transaction's status decides. Committed while the engine still waits → success.
    /// Committed after the engine gave up (its token is cancelled: it answered 91 and undid the batch in
    /// memory) → the engine is fenced, so it reloads the durable state instead of running on a state that
    /// lacks the batch. Aborted → the failure stands (91, undone: both sides agree). Unknown → fenced too.
    /// </summary>
    private async Task CommitOrResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string transactionId, long epoch, CancellationToken cancellationToken)
    {
        try
        {
            await (CommitFailpoint?.Invoke(connection, transaction, cancellationToken) ?? transaction.CommitAsync(cancellationToken));
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
                await FenceAsync(epoch, transactionId, failure);
            }

            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // COMMIT went through while the budget ran out: the engine may already have given up on it.
            await FenceAsync(epoch, transactionId, new OperationCanceledException(cancellationToken));
        }
    }

    private async Task FenceAsync(long epoch, string transactionId, Exception failure)
    {
        var fenced = await InDoubtCommit.TryFenceAsync(dataSource, epoch, time);
        AuthorizationLog.InDoubtFenced(logger, transactionId, epoch, fenced);
        throw new EpochRejectedException($"Journal transaction {transactionId} is durable (or may be) although the engine could not count on it; epoch {epoch} is fenced so the state is loaded again.", failure);
    }

    /// <summary>
    /// Fencing: the lease row is read FOR SHARE, so a new holder's epoch bump waits for this commit, and
    /// this commit sees any bump made before it. Returns the transaction's id, by which an in-doubt COMMIT
    /// is settled.
    /// </summary>
    private static async Task<string> CheckEpochAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long epoch, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT epoch, pg_current_xact_id()::text FROM \"authorization\".lease WHERE id = 1 FOR SHARE", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var current = reader.GetInt64(0);
        var transactionId = reader.GetString(1);
        if (current != epoch)
        {
            throw new EpochRejectedException($"The lease epoch is {current}, this engine's is {epoch}: another instance holds the lease.");
        }

        return transactionId;
    }

    /// <summary>The ledger versions of every hold the batch changes, in one round trip.</summary>
    private static async Task<Dictionary<TransactionKey, HoldRow>> HoldVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ReadOnlyMemory<JournalRecord> batch, CancellationToken cancellationToken)
    {
        var keys = new HashSet<TransactionKey>();
        foreach (ref readonly var record in batch.Span)
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

    private static async Task WriteLogAsync(NpgsqlConnection connection, ReadOnlyMemory<JournalRecord> batch, long epoch, CommitPlan plan, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"authorization\".log ({LogColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < batch.Length; i++)
        {
            var record = batch.Span[i];
            if (!CommitPlan.IsLogged(record.Kind))
            {
                continue;
            }

            var card = plan.CardOf(record.CardId);
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(epoch, NpgsqlDbType.Bigint, cancellationToken);
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
        }

        await importer.CompleteAsync(cancellationToken);
    }

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

    internal static string HoldLedgerKey(string what, in TransactionKey key, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"auth:{what}:{key.De32AcquirerId}:{key.De11Stan}:{key.De7TransmissionDateTime}:v{version}");

    [Conditional("DEBUG")]
    private static void AssertPositive(long value) => Debug.Assert(value > 0, "a transfer amount is positive");
}
