using System.Collections.Concurrent;
using System.Diagnostics;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Clearing's side of the gateway (docs/clearing.md "Matching and posting rules"): matching presentments to
/// authorizations, and postings through the engine's ordered path, many calls at once.
/// </summary>
/// <remarks>
/// <para>
/// A call's postings are submitted in list order, and calls submit in the order they were made (a call
/// prepares while the one before it still submits, then waits for it), so a file's postings reach each
/// account's partition in file order even when the importer has two batches in flight. At most
/// <see cref="EngineHostOptions.ClearingCommandsInFlightMax"/> postings of all calls wait for their journal
/// commit at a time (the partitions' undo logs stay far from full). A call answers once its postings are
/// committed <em>and</em> projected (decision 0004: an admin command returns with its ledger transfer), but
/// the window is freed at the commit, so the journal keeps committing while the projector catches up and
/// the projector gets large transactions instead of one window at a time.
/// </para>
/// <para>
/// Idempotency without a read barrier: a key is committed at most once because, before it is submitted, it
/// is looked up in <c>admin_commands</c> (projected commands) and in <see cref="_clearingInFlight"/> (this
/// instance's postings not yet known projected). An entry leaves the map only when its posting is projected
/// or refused, or when its engine is no longer the active one (a new activation projects the whole journal
/// before its engine takes commands, so the key is then in <c>admin_commands</c>). Waiting for the projector
/// before the lookup, as the first version did, would make the next batch wait for the previous one's
/// projection, and it gave up after 10 s and read anyway.
/// </para>
/// </remarks>
internal sealed partial class AuthorizationLedgerGateway
{
    /// <summary>This instance's clearing postings submitted and not yet known projected or refused, by idempotency key.</summary>
    private readonly ConcurrentDictionary<string, ClearingExecution> _clearingInFlight = new(StringComparer.Ordinal);

    private readonly Lock _clearingLock = new();

    /// <summary>Completes when the latest call finished submitting (the next call submits after it).</summary>
    private Task _clearingSubmitted = Task.CompletedTask;

    /// <summary>The commit window of the engine it was made for (a new activation gets a new one: slots of the old engine's stragglers do not count).</summary>
    private (AuthorizationEngine? Engine, SemaphoreSlim? Window) _clearingWindow;

    public async Task<GatewayResult> PostClearingAsync(ClearingPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        return (await PostClearingBatchAsync([posting], cancellationToken))[0];
    }

    public async Task<bool> WaitForProjectionAsync(CancellationToken cancellationToken) =>
        await WaitProjectedAsync(projector.EnqueuedPosition, cancellationToken);

    public async Task<IReadOnlyList<GatewayResult>> PostClearingBatchAsync(IReadOnlyList<ClearingPosting> postings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postings);
        foreach (var posting in postings)
        {
            ArgumentNullException.ThrowIfNull(posting);
            ArgumentException.ThrowIfNullOrEmpty(posting.IdempotencyKey);
            ArgumentException.ThrowIfNullOrEmpty(posting.CardId);
        }

        var submitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_clearingLock)
        {
            previous = _clearingSubmitted;
            _clearingSubmitted = submitted.Task;
        }

        var results = new GatewayResult?[postings.Count];
        var owned = new List<(int Index, ClearingExecution Execution)>(postings.Count);
        try
        {
            var engine = host.Engine;
            var (claims, waits) = Claim(postings, engine, results, owned);
            try
            {
                await PrepareOwnedAsync(postings, engine, results, owned, cancellationToken);
                // Calls submit in the order they were made (postings of one account stay in file order).
                await previous.WaitAsync(cancellationToken);
                var window = WindowOf(engine);
                var stalled = engine is null || window is null;
                foreach (var (index, execution) in owned)
                {
                    if (results[index] is not null)
                    {
                        continue;
                    }

                    // A window that stays full for the admin timeout means the journal stopped committing: the rest of
                    // the call is unavailable at once instead of a timeout each.
                    stalled = stalled || !await window!.WaitAsync(options.Value.AdminCommandTimeoutMs, cancellationToken);
                    if (stalled)
                    {
                        results[index] = execution.Settle(new GatewayResult(GatewayStatus.Unavailable, 0));
                        continue;
                    }

                    execution.Submit(engine!, projector, registry, window!);
                }
            }
            finally
            {
                // Nothing else of this call reaches the engine: the next call may submit.
                submitted.TrySetResult();
                foreach (var (index, execution) in owned)
                {
                    if (!execution.Submitted && results[index] is null)
                    {
                        results[index] = execution.Settle(new GatewayResult(GatewayStatus.Unavailable, 0));
                    }
                }
            }

            await AwaitOwnedAsync(results, owned, cancellationToken);
            await AwaitOthersAsync(postings, results, claims, waits, cancellationToken);
        }
        finally
        {
            submitted.TrySetResult();
            foreach (var (_, execution) in owned)
            {
                if (execution.IsSettled)
                {
                    _clearingInFlight.TryRemove(new KeyValuePair<string, ClearingExecution>(execution.Key, execution));
                }
                else
                {
                    _ = ForgetWhenSettledAsync(execution);
                }
            }
        }

        return results.Select(result => result!).ToList();
    }

    /// <summary>
    /// Takes the keys this call will post (first of each key in the call, not in flight elsewhere); a repeat in the
    /// call waits for its first, a key in flight in another call waits for that one.
    /// </summary>
    private (Dictionary<string, int> Firsts, List<(int Index, ClearingExecution Execution)> Waits) Claim(
        IReadOnlyList<ClearingPosting> postings, AuthorizationEngine? engine, GatewayResult?[] results, List<(int Index, ClearingExecution Execution)> owned)
    {
        var firsts = new Dictionary<string, int>(postings.Count, StringComparer.Ordinal);
        var waits = new List<(int Index, ClearingExecution Execution)>();
        for (var i = 0; i < postings.Count; i++)
        {
            var posting = postings[i];
            if (posting.AmountMinor is < 0 or > 999_999_999_999)
            {
                results[i] = new GatewayResult(GatewayStatus.Invalid, 0);
                continue;
            }

            if (!firsts.TryAdd(posting.IdempotencyKey, i))
            {
                // The same key twice in one call: the second answers as the first, never posts.
                continue;
            }

            var mine = new ClearingExecution(posting.IdempotencyKey, engine);
            while (true)
            {
                var current = _clearingInFlight.GetOrAdd(posting.IdempotencyKey, mine);
                if (ReferenceEquals(current, mine))
                {
                    owned.Add((i, mine));
                    break;
                }

                if (current.Engine is not null && !ReferenceEquals(current.Engine, host.Engine))
                {
                    // Submitted to an engine that is no longer active: the activation after it projected the whole
                    // journal before taking commands, so admin_commands answers for this key now.
                    _clearingInFlight.TryRemove(new KeyValuePair<string, ClearingExecution>(posting.IdempotencyKey, current));
                    continue;
                }

                waits.Add((i, current));
                break;
            }
        }

        return (firsts, waits);
    }

    /// <summary>The owned postings' answers without the engine (repeated, unknown, unavailable) and their commands.</summary>
    private async Task PrepareOwnedAsync(
        IReadOnlyList<ClearingPosting> postings, AuthorizationEngine? engine, GatewayResult?[] results, List<(int Index, ClearingExecution Execution)> owned, CancellationToken cancellationToken)
    {
        if (owned.Count == 0)
        {
            return;
        }

        // One query for the keys already committed (and projected: the others are in flight, see Claim), one for
        // the matched authorizations' hold keys.
        var committed = await AdminCommandStore.FindManyAsync(dataSource, owned.Select(o => postings[o.Index].IdempotencyKey).ToArray(), cancellationToken);
        var logIds = new HashSet<long>();
        foreach (var (index, _) in owned)
        {
            if (AuthorizationLogStore.TryParseId(postings[index].AuthorizationId, out var logId))
            {
                logIds.Add(logId);
            }
        }

        var holdKeys = await AuthorizationLogStore.FindKeysAsync(dataSource, [.. logIds], cancellationToken);
        foreach (var (index, execution) in owned)
        {
            var answer = Prepare(postings[index], engine, committed, holdKeys, out var command);
            if (answer is not null)
            {
                results[index] = execution.Settle(answer);
            }
            else
            {
                execution.Command = command;
                execution.Reference = postings[index].AuthorizationId;
            }
        }
    }

    /// <summary>Waits for the owned postings' commits, then once for the projection of the last of them.</summary>
    private async Task AwaitOwnedAsync(GatewayResult?[] results, List<(int Index, ClearingExecution Execution)> owned, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.Value.AdminCommandTimeoutMs);
        var stalled = false;
        long target = 0;
        foreach (var (index, execution) in owned)
        {
            if (results[index] is not null || !execution.Submitted)
            {
                continue;
            }

            // Commits are waited for as the admin path waits (its timeout, counted from the previous answer, since
            // the window keeps at most a few thousand queued); one that does not come makes the rest of the call
            // unavailable. Such postings stay in flight: their key answers once they settle.
            if (!stalled)
            {
                await ((Task)execution.Answered.WaitAsync(timeout, cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!execution.Answered.IsCompletedSuccessfully)
            {
                stalled = true;
                results[index] = new GatewayResult(GatewayStatus.Unavailable, 0);
                continue;
            }

            if (execution.Answered.Result is { } refusal)
            {
                results[index] = refusal;
                continue;
            }

            target = Math.Max(target, execution.Position);
        }

        var projected = target == 0 || await WaitProjectedAsync(target, cancellationToken);
        foreach (var (index, execution) in owned)
        {
            if (results[index] is not null)
            {
                continue;
            }

            results[index] = projected
                ? execution.Settle(new GatewayResult(GatewayStatus.Applied, execution.Context!.TransferId))
                : new GatewayResult(GatewayStatus.Unavailable, 0);
        }
    }

    /// <summary>Repeats within the call answer as their first; keys in flight in another call as that posting settles.</summary>
    private async Task AwaitOthersAsync(
        IReadOnlyList<ClearingPosting> postings, GatewayResult?[] results, Dictionary<string, int> firsts, List<(int Index, ClearingExecution Execution)> waits, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromMilliseconds(options.Value.AdminCommandTimeoutMs);
        foreach (var (index, other) in waits)
        {
            await ((Task)other.Settled.WaitAsync(timeout, cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            results[index] = other.Settled.IsCompletedSuccessfully ? AsRepeat(other.Settled.Result) : new GatewayResult(GatewayStatus.Unavailable, 0);
        }

        for (var i = 0; i < postings.Count; i++)
        {
            if (results[i] is null && firsts.TryGetValue(postings[i].IdempotencyKey, out var first) && first != i)
            {
                results[i] = AsRepeat(results[first]!);
            }
        }
    }

    private static GatewayResult AsRepeat(GatewayResult first) =>
        first.Status == GatewayStatus.Applied ? first with { Status = GatewayStatus.Repeated } : first;

    /// <summary>Leaves the map once a posting this call gave up on settles (committed and projected, refused, or its engine stopped).</summary>
    private async Task ForgetWhenSettledAsync(ClearingExecution execution)
    {
        try
        {
            if (execution.Submitted)
            {
                var refusal = await execution.Answered;
                if (refusal is null)
                {
                    // Until projected, or until the projector stops (then the next activation projects it before its
                    // engine takes commands): WaitForAsync answers false at once when it is stopped, and only after
                    // the whole wait when it is merely behind.
                    var wait = TimeSpan.FromMinutes(1);
                    while (true)
                    {
                        var started = Stopwatch.GetTimestamp();
                        if (await projector.WaitForAsync(execution.Position, wait, CancellationToken.None)
                            || Stopwatch.GetElapsedTime(started) < wait)
                        {
                            break;
                        }
                    }

                    execution.Settle(new GatewayResult(GatewayStatus.Applied, execution.Context!.TransferId));
                }
            }
        }
        finally
        {
            execution.Settle(new GatewayResult(GatewayStatus.Unavailable, 0));
            _clearingInFlight.TryRemove(new KeyValuePair<string, ClearingExecution>(execution.Key, execution));
        }
    }

    /// <summary>
    /// Waits until the projector reached <paramref name="position"/>, as long as it keeps advancing: false when it
    /// stood still for <see cref="EngineHostOptions.AdminCommandTimeoutMs"/> or stopped. A large import may leave
    /// the projector seconds behind without anything being wrong; one that does not move is.
    /// </summary>
    private async Task<bool> WaitProjectedAsync(long position, CancellationToken cancellationToken)
    {
        var stall = TimeSpan.FromMilliseconds(options.Value.AdminCommandTimeoutMs);
        while (true)
        {
            var before = projector.ProjectedPosition;
            if (await projector.WaitForAsync(position, stall, cancellationToken))
            {
                return true;
            }

            if (projector.ProjectedPosition == before)
            {
                return false;
            }
        }
    }

    private SemaphoreSlim? WindowOf(AuthorizationEngine? engine)
    {
        if (engine is null)
        {
            return null;
        }

        lock (_clearingLock)
        {
            if (!ReferenceEquals(_clearingWindow.Engine, engine))
            {
                var size = options.Value.ClearingCommandsInFlightMax;
                _clearingWindow = (engine, new SemaphoreSlim(size, size));
            }

            return _clearingWindow.Window;
        }
    }

    /// <summary>The answer a posting gets without the engine (repeated, unknown, unavailable), or null and its command.</summary>
    private GatewayResult? Prepare(ClearingPosting posting, AuthorizationEngine? engine, Dictionary<string, long> committed, Dictionary<long, (string? CardId, TransactionKey Key)> holdKeys, out AccountCommand command)
    {
        command = default;
        if (committed.TryGetValue(posting.IdempotencyKey, out var transferId))
        {
            return new GatewayResult(GatewayStatus.Repeated, transferId);
        }

        if (engine is null)
        {
            return new GatewayResult(GatewayStatus.Unavailable, 0);
        }

        if (!host.Catalog.TryGetNumber(posting.CardId, out var number) || !host.Catalog.TryGetCard(number, out var card))
        {
            return new GatewayResult(GatewayStatus.UnknownCard, 0);
        }

        command = new AccountCommand
        {
            Kind = AccountCommandKind.ClearingPosting,
            AccountId = card.AccountId,
            AmountMinor = posting.IsCredit ? posting.AmountMinor : -posting.AmountMinor,
        };
        if (posting.AuthorizationId is not null)
        {
            if (!AuthorizationLogStore.TryParseId(posting.AuthorizationId, out var logId)
                || !holdKeys.TryGetValue(logId, out var found)
                || found.CardId != posting.CardId)
            {
                return new GatewayResult(GatewayStatus.UnknownAuthorization, 0);
            }

            command = command with { HoldKey = found.Key, HasHoldKey = true, ReducesHold = !posting.ReleasesHold };
        }

        return null;
    }

    public async Task<IReadOnlyList<string?>> MatchClearingAsync(IReadOnlyList<ClearingMatchQuery> queries, int windowDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentOutOfRangeException.ThrowIfNegative(windowDays);
        var cardIds = new string[queries.Count];
        var codes = new string[queries.Count];
        var rrns = new string?[queries.Count];
        var acquirers = new long[queries.Count];
        var froms = new DateTime[queries.Count];
        var tos = new DateTime[queries.Count];
        var keys = new List<string>();
        for (var i = 0; i < queries.Count; i++)
        {
            var query = queries[i];
            ArgumentNullException.ThrowIfNull(query);
            cardIds[i] = query.CardId;
            codes[i] = query.ApprovalCode;
            rrns[i] = query.Rrn;
            acquirers[i] = query.AcquirerId;
            froms[i] = query.PurchaseDate.AddDays(-windowDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            tos[i] = query.PurchaseDate.AddDays(windowDays + 1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            if (query.IdempotencyKey is { } key)
            {
                keys.Add(key);
            }
        }

        // Presentments already posted (committed and projected): their own posting cleared the hold they match.
        var committed = keys.Count == 0 ? [] : await AdminCommandStore.FindManyAsync(dataSource, [.. keys], cancellationToken);
        var posted = new bool[queries.Count];
        for (var i = 0; i < queries.Count && committed.Count > 0; i++)
        {
            posted[i] = queries[i].IdempotencyKey is { } key && committed.ContainsKey(key);
        }

        // No read barrier here (the caller waits with WaitForProjectionAsync once, before its first batch): a barrier
        // per call would wait for the projection of the caller's own postings still in flight.
        var matched = await AuthorizationLogStore.MatchClearingAsync(dataSource, cardIds, codes, rrns, acquirers, froms, tos, posted, cancellationToken);
        var ids = new string?[queries.Count];
        foreach (var (index, id) in matched)
        {
            ids[index] = AuthorizationLogStore.PublicId(id);
        }

        return ids;
    }

    /// <summary>
    /// One clearing posting of this instance, from its claim of the key to its end: submitted to the engine (or
    /// not), answered (committed, or refused with no record), projected. <see cref="Settled"/> gives what a
    /// repeat of the key answers.
    /// </summary>
    private sealed class ClearingExecution(string key, AuthorizationEngine? engine)
    {
        private readonly TaskCompletionSource<GatewayResult?> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<GatewayResult> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Key { get; } = key;

        public AuthorizationEngine? Engine { get; } = engine;

        public AccountCommand Command { get; set; }

        public string? Reference { get; set; }

        public AdminCommandContext? Context { get; private set; }

        public bool Submitted { get; private set; }

        /// <summary>The journal position the commit reached (its batch's or a later one), once answered with a record.</summary>
        public long Position { get; private set; }

        /// <summary>Null once committed; the refusal (no record, nothing changed) otherwise.</summary>
        public Task<GatewayResult?> Answered => _answered.Task;

        public Task<GatewayResult> Settled => _settled.Task;

        public bool IsSettled => _settled.Task.IsCompleted;

        public GatewayResult Settle(GatewayResult result)
        {
            _settled.TrySetResult(result);
            return result;
        }

        /// <summary>Hands the command to the engine; the window slot is given back when the engine answers (after the commit).</summary>
        public void Submit(AuthorizationEngine active, JournalProjector projector, AdminCommandRegistry registry, SemaphoreSlim window)
        {
            Debug.Assert(!Submitted, "a posting is submitted once");
            Submitted = true;
            Context = new AdminCommandContext(Key, Reference);
            _ = RunAsync(active, projector, registry, window);
        }

        private async Task RunAsync(AuthorizationEngine active, JournalProjector projector, AdminCommandRegistry registry, SemaphoreSlim window)
        {
            var transactionKey = registry.Register(Context!);
            try
            {
                // Not cancelled: once queued the engine answers it (a stopping engine drains its queues), and the key
                // stays registered until then so a late commit still names its ledger transfer.
                var outcome = await active.ExecuteAsync(Command with { Key = transactionKey }, CancellationToken.None);
                if (outcome.ResponseCode == ResponseCode.Approved)
                {
                    Position = projector.EnqueuedPosition;
                    _answered.TrySetResult(null);
                }
                else
                {
                    _answered.TrySetResult(Settle(Refusal(outcome.ResponseCode)));
                }
            }
            catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
            {
                // The engine stopped between the check and the queue (its channel closed): never queued.
                _answered.TrySetResult(Settle(new GatewayResult(GatewayStatus.Unavailable, 0)));
            }
            finally
            {
                registry.Remove(transactionKey);
                window.Release();
            }
        }

        private static GatewayResult Refusal(ResponseCode code) => code switch
        {
            ResponseCode.InvalidCardNumber => new GatewayResult(GatewayStatus.UnknownCard, 0),
            ResponseCode.UnableToLocateOriginal => new GatewayResult(GatewayStatus.UnknownAuthorization, 0),
            ResponseCode.IssuerUnavailable or ResponseCode.SystemMalfunction => new GatewayResult(GatewayStatus.Unavailable, 0),
            _ => new GatewayResult(GatewayStatus.Invalid, 0),
        };
    }
}
