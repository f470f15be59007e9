using Npgsql;
using NpgsqlTypes;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;

namespace Pool.Modules.Ledger.Persistence;

/// <summary>
/// The SQL of a transfer batch, in two round trips whatever its size: one that takes a savepoint, locks
/// the accounts (in id order, so batches never deadlock each other), reserves ids and reads repeated keys and
/// named pending transfers; and one that inserts the created transfers from arrays (<c>unnest</c>), adds
/// the balance changes and reads the balances back.
/// </summary>
internal static class TransferStore
{
    /// <summary>The savepoint a batch works under, so that a conflict undoes only the batch, not the caller's transaction.</summary>
    private const string Savepoint = "ledger_transfer_batch";

    // The named pending transfers are looked up once (a CTE named twice is materialised once), not per
    // side; and one IN over a UNION, not ORed conditions: with ORs PostgreSQL scans every account (about
    // 0.3 s a batch at a million accounts, measured by Pool.Benchmarks journal); this form looks each id
    // up in the primary key.
    private const string LockAccountsSql = """
        WITH pending AS (
            SELECT debit_account_id, credit_account_id FROM ledger.transfers WHERE idempotency_key = ANY($2)
        )
        SELECT id, flags, debits_pending, debits_posted, credits_pending, credits_posted
        FROM ledger.accounts
        WHERE id IN (
            SELECT unnest($1)
            UNION SELECT debit_account_id FROM pending
            UNION SELECT credit_account_id FROM pending)
        ORDER BY id
        FOR UPDATE
        """;

    // The fast path's reads (ReadForNewAsync): the pending transfers named by keys, and the accounts without a lock
    // (the balance update takes the row locks, and its RETURNING is checked against the plan). The LATERAL joins
    // make each key one index probe whatever the planner estimates for an array parameter.
    private const string AccountsSql = """
        SELECT a.id, a.flags, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted
        FROM unnest($1::bigint[]) AS k(id)
        JOIN LATERAL (SELECT * FROM ledger.accounts WHERE id = k.id) a ON true
        """;

    private const string PendingsByProbeSql = """
        SELECT p.id, p.idempotency_key, p.kind, p.debit_account_id, p.credit_account_id, p.amount,
               (SELECT r.kind FROM ledger.transfers r WHERE r.pending_id = p.id)
        FROM unnest($1::text[]) AS k(idempotency_key)
        JOIN LATERAL (SELECT * FROM ledger.transfers WHERE idempotency_key = k.idempotency_key) p ON true
        """;

    private const string ReserveIdsSql = "SELECT array_agg(nextval('ledger.transfer_ids')) FROM generate_series(1, $1)";

    // Read after the lock (each statement has its own snapshot under READ COMMITTED), so a concurrent batch
    // on the same accounts that committed first is seen here.
    private const string ExistingSql = """
        SELECT t.id, t.idempotency_key, t.kind, t.debit_account_id, t.credit_account_id, t.amount, t.pending_id, p.idempotency_key, t.flags, t.code, t.reference
        FROM ledger.transfers t
        LEFT JOIN ledger.transfers p ON p.id = t.pending_id
        WHERE t.idempotency_key = ANY($1)
        """;

    private const string PendingsSql = """
        SELECT p.id, p.idempotency_key, p.kind, p.debit_account_id, p.credit_account_id, p.amount, r.kind
        FROM ledger.transfers p
        LEFT JOIN ledger.transfers r ON r.pending_id = p.id
        WHERE p.idempotency_key = ANY($1)
        """;

    private const string InsertSql = """
        INSERT INTO ledger.transfers (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, pending_id, flags, code, reference, created_at)
        SELECT id, idempotency_key, kind, debit_account_id, credit_account_id, amount, pending_id, flags, code, reference, $11
        FROM unnest($1::bigint[], $2::text[], $3::smallint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::integer[], $9::smallint[], $10::text[])
            AS t (id, idempotency_key, kind, debit_account_id, credit_account_id, amount, pending_id, flags, code, reference)
        """;

    private const string UpdateBalancesSql = """
        UPDATE ledger.accounts a
        SET debits_pending = a.debits_pending + d.debits_pending,
            debits_posted = a.debits_posted + d.debits_posted,
            credits_pending = a.credits_pending + d.credits_pending,
            credits_posted = a.credits_posted + d.credits_posted
        FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])
            AS d (id, debits_pending, debits_posted, credits_pending, credits_posted)
        WHERE a.id = d.id
        RETURNING a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted
        """;

    /// <summary>Round trip 1: savepoint, lock, ids, repeated keys, pending transfers.</summary>
    public static async Task<TransferBatchReads> ReadAsync(
        IReadOnlyList<TransferRequest> requests, NpgsqlConnection connection, NpgsqlTransaction transaction, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var accountIds = new HashSet<long>();
        var keys = new string[requests.Count];
        var pendingKeys = new List<string>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            accountIds.Add(request.DebitAccountId);
            accountIds.Add(request.CreditAccountId);
            keys[i] = request.IdempotencyKey ?? "";
            if (request.PendingIdempotencyKey is not null)
            {
                pendingKeys.Add(request.PendingIdempotencyKey);
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = timeoutSeconds };
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint));
        batch.BatchCommands.Add(Command(LockAccountsSql, Parameter(accountIds.ToArray()), Parameter(pendingKeys.ToArray())));
        batch.BatchCommands.Add(Command(ReserveIdsSql, new NpgsqlParameter<int> { TypedValue = requests.Count }));
        batch.BatchCommands.Add(Command(ExistingSql, Parameter(keys)));
        batch.BatchCommands.Add(Command(PendingsSql, Parameter(pendingKeys.ToArray())));

        var accounts = new Dictionary<long, LedgerAccount>();
        long[] ids = [];
        var existing = new List<StoredTransfer>();
        var pendings = new List<PendingTransfer>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await ReadAccountsAsync(reader, accounts, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            ids = await ReadIdsAsync(reader, cancellationToken);

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(new StoredTransfer(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    (TransferKind)reader.GetInt16(2),
                    reader.GetInt64(3),
                    reader.GetInt64(4),
                    reader.GetInt64(5),
                    reader.IsDBNull(6) ? null : reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    (TransferFlags)reader.GetInt32(8),
                    (TransferCode)reader.GetInt16(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pendings.Add(ReadPending(reader));
            }
        }

        // Sequence values are unique but concurrent sessions interleave; ascending ids keep the batch's order.
        Array.Sort(ids);
        return new TransferBatchReads(accounts, ids, existing, pendings);
    }

    /// <summary>
    /// The fast path's reads (<see cref="ILedgerTransfers.CreateNewAsync"/>): a savepoint and the pending transfers
    /// named by <paramref name="pendingKeys"/>, then the accounts as they are (no lock) and the ids. No probe for
    /// repeated keys: the caller says they are new, and the unique index refuses one that is not.
    /// </summary>
    public static async Task<TransferBatchReads> ReadForNewAsync(
        IReadOnlyList<TransferRequest> requests, IReadOnlyCollection<string> pendingKeys, NpgsqlConnection connection, NpgsqlTransaction transaction, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var accountIds = new HashSet<long>();
        foreach (var request in requests)
        {
            if (request.Kind is TransferKind.Single or TransferKind.Pending)
            {
                accountIds.Add(request.DebitAccountId);
                accountIds.Add(request.CreditAccountId);
            }
        }

        var pendings = new List<PendingTransfer>();
        await using (var batch = new NpgsqlBatch(connection, transaction) { Timeout = timeoutSeconds })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT " + Savepoint));
            if (pendingKeys.Count > 0)
            {
                batch.BatchCommands.Add(Command(PendingsByProbeSql, Parameter(pendingKeys.ToArray())));
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (pendingKeys.Count > 0)
            {
                // The savepoint returns no result set: the reader starts on the pending transfers.
                while (await reader.ReadAsync(cancellationToken))
                {
                    var pending = ReadPending(reader);
                    pendings.Add(pending);
                    accountIds.Add(pending.DebitAccountId);
                    accountIds.Add(pending.CreditAccountId);
                }
            }
        }

        // The pending transfers name accounts of their own, so the accounts are read after them.
        var accounts = new Dictionary<long, LedgerAccount>(accountIds.Count);
        long[] ids = [];
        await using (var batch = new NpgsqlBatch(connection, transaction) { Timeout = timeoutSeconds })
        {
            batch.BatchCommands.Add(Command(AccountsSql, Parameter(accountIds.ToArray())));
            batch.BatchCommands.Add(Command(ReserveIdsSql, new NpgsqlParameter<int> { TypedValue = requests.Count }));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await ReadAccountsAsync(reader, accounts, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            ids = await ReadIdsAsync(reader, cancellationToken);
        }

        Array.Sort(ids);
        return new TransferBatchReads(accounts, ids, [], pendings);
    }

    /// <summary>Rows of <see cref="LockAccountsSql"/> or <see cref="AccountsSql"/>: id, flags, the four balances.</summary>
    private static async Task ReadAccountsAsync(NpgsqlDataReader reader, Dictionary<long, LedgerAccount> accounts, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            var balances = new AccountBalances(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
            accounts.Add(reader.GetInt64(0), new LedgerAccount(reader.GetInt64(0), (AccountFlags)reader.GetInt32(1), balances));
        }
    }

    /// <summary>The one row of <see cref="ReserveIdsSql"/>: the reserved ids (none for an empty batch).</summary>
    private static async Task<long[]> ReadIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        long[] ids = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            ids = reader.IsDBNull(0) ? [] : reader.GetFieldValue<long[]>(0);
        }

        return ids;
    }

    private static PendingTransfer ReadPending(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        (TransferKind)reader.GetInt16(2),
        reader.GetInt64(3),
        reader.GetInt64(4),
        reader.GetInt64(5),
        reader.IsDBNull(6) ? null : (TransferKind)reader.GetInt16(6));

    /// <summary>
    /// Round trip 2: inserts the created transfers, adds each changed account's balance change, releases the
    /// savepoint; returns the balances the database now holds for the changed accounts.
    /// </summary>
    public static async Task<Dictionary<long, AccountBalances>> WriteAsync(
        IReadOnlyList<StoredTransfer> created, IReadOnlyList<LedgerAccount> changed, DateTimeOffset at,
        NpgsqlConnection connection, NpgsqlTransaction transaction, int timeoutSeconds, CancellationToken cancellationToken, bool releaseSavepoint = true)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = timeoutSeconds };
        if (created.Count > 0)
        {
            batch.BatchCommands.Add(InsertCommand(created, at));
            batch.BatchCommands.Add(UpdateBalancesCommand(changed));
        }

        if (releaseSavepoint)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT " + Savepoint));
        }
        var balances = new Dictionary<long, AccountBalances>(changed.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (created.Count > 0)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    balances.Add(reader.GetInt64(0), new AccountBalances(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                }
            }
        }

        return balances;
    }

    /// <summary>Keeps the batch (the fast path releases its savepoint only once the balances are checked).</summary>
    public static async Task ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("RELEASE SAVEPOINT " + Savepoint, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Undoes the batch after a conflict; the caller's transaction goes on.</summary>
    public static async Task RollBackAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("ROLLBACK TO SAVEPOINT " + Savepoint + "; RELEASE SAVEPOINT " + Savepoint, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand InsertCommand(IReadOnlyList<StoredTransfer> created, DateTimeOffset at)
    {
        var count = created.Count;
        var ids = new long[count];
        var keys = new string[count];
        var kinds = new short[count];
        var debits = new long[count];
        var credits = new long[count];
        var amounts = new long[count];
        var pendingIds = new long?[count];
        var flags = new int[count];
        var codes = new short[count];
        var references = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var t = created[i];
            ids[i] = t.Id;
            keys[i] = t.IdempotencyKey;
            kinds[i] = (short)t.Kind;
            debits[i] = t.DebitAccountId;
            credits[i] = t.CreditAccountId;
            amounts[i] = t.AmountMinor;
            pendingIds[i] = t.PendingId;
            flags[i] = (int)t.Flags;
            codes[i] = (short)t.Code;
            references[i] = t.Reference;
        }

        return Command(
            InsertSql,
            Parameter(ids),
            Parameter(keys),
            Parameter(kinds),
            Parameter(debits),
            Parameter(credits),
            Parameter(amounts),
            new NpgsqlParameter { Value = pendingIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            Parameter(flags),
            Parameter(codes),
            new NpgsqlParameter { Value = references, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = at.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static NpgsqlBatchCommand UpdateBalancesCommand(IReadOnlyList<LedgerAccount> changed)
    {
        var count = changed.Count;
        var ids = new long[count];
        var debitsPending = new long[count];
        var debitsPosted = new long[count];
        var creditsPending = new long[count];
        var creditsPosted = new long[count];
        for (var i = 0; i < count; i++)
        {
            var account = changed[i];
            ids[i] = account.Id;
            debitsPending[i] = account.Current.DebitsPending - account.Locked.DebitsPending;
            debitsPosted[i] = account.Current.DebitsPosted - account.Locked.DebitsPosted;
            creditsPending[i] = account.Current.CreditsPending - account.Locked.CreditsPending;
            creditsPosted[i] = account.Current.CreditsPosted - account.Locked.CreditsPosted;
        }

        return Command(UpdateBalancesSql, Parameter(ids), Parameter(debitsPending), Parameter(debitsPosted), Parameter(creditsPending), Parameter(creditsPosted));
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T> Parameter<T>(T value) => new() { TypedValue = value };
}
