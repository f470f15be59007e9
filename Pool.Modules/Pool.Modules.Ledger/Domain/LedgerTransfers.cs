using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// Creates transfer batches: reads under lock, decides in memory (<see cref="TransferPlanner"/>), checks the
/// money invariants, writes, and checks what the database holds against what it decided.
/// </summary>
internal sealed class LedgerTransfers(
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<LedgerOptions> options,
    LedgerMetrics metrics,
    ILogger<LedgerTransfers> logger) : ILedgerTransfers
{
    private const string UniqueViolation = "23505";

    public async Task<TransferOutcome> CreateAsync(TransferRequest transfer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcomes = await CreateAsync([transfer], connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes[0];
    }

    public async Task<IReadOnlyList<TransferOutcome>> CreateNewAsync(
        IReadOnlyList<TransferRequest> transfers, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        CheckBatch(transfers, connection, transaction);
        if (transfers.Count == 0)
        {
            return [];
        }

        var started = time.GetTimestamp();
        try
        {
            var outcomes = await CreateNewOnceAsync(transfers, connection, transaction, cancellationToken);
            metrics.Batch(transfers.Count, time.GetElapsedTime(started));
            Count(transfers, outcomes);
            return outcomes;
        }
        catch (Exception exception) when (exception is PostgresException { SqlState: UniqueViolation } or FastPathMissedException)
        {
            // A key was not new after all, or another writer changed an account between the read and the update:
            // undo the batch and decide it again the careful way.
            await TransferStore.RollBackAsync(connection, transaction, cancellationToken);
            LedgerLog.FastPathMissed(logger, exception.Message);
            return await CreateAsync(transfers, connection, transaction, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<TransferOutcome>> CreateAsync(
        IReadOnlyList<TransferRequest> transfers, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        CheckBatch(transfers, connection, transaction);
        if (transfers.Count == 0)
        {
            return [];
        }

        var started = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var outcomes = await CreateOnceAsync(transfers, connection, transaction, cancellationToken);
                var elapsed = time.GetElapsedTime(started);
                metrics.Batch(transfers.Count, elapsed);
                Count(transfers, outcomes);
                return outcomes;
            }
            catch (PostgresException exception) when (exception.SqlState == UniqueViolation && attempt < options.Value.ConflictRetriesMax)
            {
                // A concurrent transaction stored one of our idempotency keys, or resolved one of our pending
                // transfers, first. Undo our part and decide again: this time we read its transfer.
                await TransferStore.RollBackAsync(connection, transaction, cancellationToken);
                LedgerLog.BatchRetried(logger, attempt + 1);
            }
        }
    }

    private void CheckBatch(IReadOnlyList<TransferRequest> transfers, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Connection != connection)
        {
            throw new ArgumentException("The transaction belongs to another connection.", nameof(transaction));
        }

        var limits = options.Value;
        if (transfers.Count > limits.TransfersPerBatchMax)
        {
            throw new ArgumentOutOfRangeException(nameof(transfers), transfers.Count, $"At most Ledger:TransfersPerBatchMax ({limits.TransfersPerBatchMax}) transfers per batch.");
        }

        for (var i = 0; i < transfers.Count; i++)
        {
            // Not ThrowIfNull with an interpolated name: that would build a string per transfer.
            if (transfers[i] is null)
            {
                throw new ArgumentException($"Transfer {i} is null.", nameof(transfers));
            }
        }
    }

    private async Task<TransferOutcome[]> CreateNewOnceAsync(
        IReadOnlyList<TransferRequest> transfers, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var created = new HashSet<string>(StringComparer.Ordinal);
        var pendingKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transfer in transfers)
        {
            if (transfer.PendingIdempotencyKey is { } pendingKey && !created.Contains(pendingKey))
            {
                pendingKeys.Add(pendingKey);
            }

            created.Add(transfer.IdempotencyKey);
        }

        var reads = await TransferStore.ReadForNewAsync(transfers, pendingKeys, connection, transaction, options.Value.BatchCommandTimeoutSeconds, cancellationToken);
        var readMs = time.GetElapsedTime(started).TotalMilliseconds;
        var planner = new TransferPlanner(reads.Accounts, reads.Existing, reads.Pendings, reads.Ids);
        var outcomes = planner.Plan(transfers);
        if (Array.Exists(outcomes, o => o.Result != TransferResultCode.Ok))
        {
            // A refusal decided on balances read without a lock could be stale: the full path decides it under lock.
            throw new FastPathMissedException("a transfer was refused");
        }

        var changed = reads.Accounts.Values.Where(a => a.Changed).OrderBy(a => a.Id).ToList();
        CheckZeroSum(changed);
        CheckLimits(changed, planner.Created);
        var decideMs = time.GetElapsedTime(started).TotalMilliseconds - readMs;

        // The update locks the accounts in id order (no deadlock with another batch) and returns what they hold now.
        var balances = await TransferStore.WriteAsync(planner.Created, changed, time.GetUtcNow(), connection, transaction, options.Value.BatchCommandTimeoutSeconds, cancellationToken, releaseSavepoint: false);
        if (WrittenDifference(changed, balances) is { } difference)
        {
            throw new FastPathMissedException("an account changed between the unlocked read and the update: " + difference);
        }

        await TransferStore.ReleaseAsync(connection, transaction, cancellationToken);

        var totalMs = time.GetElapsedTime(started).TotalMilliseconds;
        LedgerLog.BatchWritten(logger, transfers.Count, planner.Created.Count, transfers.Count - planner.Created.Count, changed.Count, readMs, decideMs, totalMs - readMs - decideMs);
        return outcomes;
    }

    /// <summary>How the balances the update returned differ from what the batch computed; null when they do not.</summary>
    private static string? WrittenDifference(List<LedgerAccount> changed, Dictionary<long, AccountBalances> balances)
    {
        if (balances.Count != changed.Count)
        {
            return $"{changed.Count} accounts changed but {balances.Count} updated";
        }

        foreach (var account in changed)
        {
            if (!balances.TryGetValue(account.Id, out var stored) || stored != account.Current)
            {
                return $"account {account.Id} holds {stored} but the batch computed {account.Current}";
            }
        }

        return null;
    }

    /// <summary>The fast path's assumptions did not hold for this batch; it is done again by the full path.</summary>
    private sealed class FastPathMissedException(string message) : Exception(message);

    private async Task<TransferOutcome[]> CreateOnceAsync(
        IReadOnlyList<TransferRequest> transfers, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var reads = await TransferStore.ReadAsync(transfers, connection, transaction, options.Value.BatchCommandTimeoutSeconds, cancellationToken);
        var readMs = time.GetElapsedTime(started).TotalMilliseconds;
        var planner = new TransferPlanner(reads.Accounts, reads.Existing, reads.Pendings, reads.Ids);
        var outcomes = planner.Plan(transfers);
        var changed = reads.Accounts.Values.Where(a => a.Changed).OrderBy(a => a.Id).ToList();
        CheckZeroSum(changed);
        CheckLimits(changed, planner.Created);
        var decideMs = time.GetElapsedTime(started).TotalMilliseconds - readMs;

        var balances = await TransferStore.WriteAsync(planner.Created, changed, time.GetUtcNow(), connection, transaction, options.Value.BatchCommandTimeoutSeconds, cancellationToken);
        CheckWritten(changed, balances);
        var totalMs = time.GetElapsedTime(started).TotalMilliseconds;
        LedgerLog.BatchWritten(logger, transfers.Count, planner.Created.Count, transfers.Count - planner.Created.Count, changed.Count, readMs, decideMs, totalMs - readMs - decideMs);
        return outcomes;
    }

    /// <summary>
    /// Every transfer debits one account and credits another by the same amount, so the batch's changes sum
    /// to zero, posted and pending. Checked in Release: a failure here is a bug, and no money moves.
    /// </summary>
    private void CheckZeroSum(List<LedgerAccount> changed)
    {
        long posted = 0;
        long pending = 0;
        foreach (var account in changed)
        {
            posted += (account.Current.DebitsPosted - account.Locked.DebitsPosted) - (account.Current.CreditsPosted - account.Locked.CreditsPosted);
            pending += (account.Current.DebitsPending - account.Locked.DebitsPending) - (account.Current.CreditsPending - account.Locked.CreditsPending);
        }

        if (posted != 0 || pending != 0)
        {
            Fail($"zero-sum: the batch's changes sum to {posted} posted and {pending} pending");
        }
    }

    /// <summary>
    /// Held ≤ posted unless forced (ARCHITECTURE.md §3), checked in Release after the planner: an account with
    /// debits-must-not-exceed-credits may end a batch beyond its credits only if it already was and got no
    /// deeper, or a forced transfer debited it. (An unforced debit is accepted only if it leaves the account
    /// within its credits; posts, voids and credits never deepen it.)
    /// </summary>
    private void CheckLimits(List<LedgerAccount> changed, List<StoredTransfer> created)
    {
        HashSet<long>? forced = null;
        foreach (var account in changed)
        {
            if ((account.Flags & AccountFlags.DebitsMustNotExceedCredits) == 0)
            {
                continue;
            }

            var beyondBefore = Beyond(account.Locked);
            var beyondAfter = Beyond(account.Current);
            if (beyondAfter <= 0 || beyondAfter <= beyondBefore)
            {
                continue;
            }

            forced ??= created.Where(t => (t.Flags & TransferFlags.Forced) != 0).Select(t => t.DebitAccountId).ToHashSet();
            if (!forced.Contains(account.Id))
            {
                Fail($"limit: account {account.Id} ended {beyondAfter} beyond its credits (was {beyondBefore}) without a forced transfer");
            }
        }

        static long Beyond(AccountBalances b) => b.DebitsPending + b.DebitsPosted - b.CreditsPosted;
    }

    /// <summary>The balances the database returns after the update are the ones the batch computed (assert after the read).</summary>
    private void CheckWritten(List<LedgerAccount> changed, Dictionary<long, AccountBalances> balances)
    {
        if (WrittenDifference(changed, balances) is { } difference)
        {
            Fail("balances: " + difference);
        }
    }

    private void Fail(string invariant)
    {
        LedgerLog.InvariantBroken(logger, invariant);
        throw new LedgerInvariantException(invariant);
    }

    private void Count(IReadOnlyList<TransferRequest> transfers, IReadOnlyList<TransferOutcome> outcomes)
    {
        Debug.Assert(transfers.Count == outcomes.Count, "One outcome per request.");
        var created = new Dictionary<(TransferCode, TransferKind), long>();
        var notCreated = new Dictionary<TransferResultCode, long>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Result == TransferResultCode.Ok)
            {
                var key = (transfers[i].Code, transfers[i].Kind);
                created[key] = created.GetValueOrDefault(key) + 1;
            }
            else
            {
                notCreated[outcomes[i].Result] = notCreated.GetValueOrDefault(outcomes[i].Result) + 1;
            }
        }

        foreach (var ((code, kind), count) in created)
        {
            metrics.Created(code, kind, count);
        }

        foreach (var (result, count) in notCreated)
        {
            metrics.NotCreated(result, count);
        }
    }
}
