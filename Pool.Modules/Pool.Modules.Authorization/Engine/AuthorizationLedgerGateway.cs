using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Engine;

/// <summary>The <see cref="IAuthorizationLedgerGateway"/> for clearing and jobs: postings and expiries go through the engine.</summary>
internal sealed class AuthorizationLedgerGateway(EngineHost host, EngineCommandRunner runner, JournalProjector projector, NpgsqlDataSource dataSource, IOptions<EngineHostOptions> options) : IAuthorizationLedgerGateway
{
    /// <summary>How long a hold stays open (ARCHITECTURE §3).</summary>
    public static readonly TimeSpan HoldExpiry = TimeSpan.FromDays(7);

    /// <summary>Lodging, car rental and cruise (ARCHITECTURE §3): airlines' and hotels' long pre-authorizations.</summary>
    public static readonly TimeSpan LongHoldExpiry = TimeSpan.FromDays(31);

    public async Task<GatewayResult> PostClearingAsync(ClearingPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        return (await PostClearingBatchAsync([posting], cancellationToken))[0];
    }

    public async Task<IReadOnlyList<GatewayResult>> PostClearingBatchAsync(IReadOnlyList<ClearingPosting> postings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postings);
        foreach (var posting in postings)
        {
            ArgumentNullException.ThrowIfNull(posting);
            ArgumentException.ThrowIfNullOrEmpty(posting.IdempotencyKey);
            ArgumentException.ThrowIfNullOrEmpty(posting.CardId);
        }

        var results = new GatewayResult?[postings.Count];
        // The log, holds and admin_commands are projected from the journal: read what was committed before.
        await projector.WaitAsync(cancellationToken);
        // One query for the keys already committed, one for the matched authorizations' hold keys.
        var committed = await AdminCommandStore.FindManyAsync(dataSource, postings.Select(p => p.IdempotencyKey).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);
        var logIds = new HashSet<long>();
        foreach (var posting in postings)
        {
            if (AuthorizationLogStore.TryParseId(posting.AuthorizationId, out var logId))
            {
                logIds.Add(logId);
            }
        }

        var holdKeys = await AuthorizationLogStore.FindKeysAsync(dataSource, [.. logIds], cancellationToken);
        var commands = new AccountCommand[postings.Count];
        var firstOfKey = new Dictionary<string, int>(postings.Count, StringComparer.Ordinal);
        var repeatsInBatch = new List<(int Index, int First)>();
        for (var i = 0; i < postings.Count; i++)
        {
            var posting = postings[i];
            if (!firstOfKey.TryAdd(posting.IdempotencyKey, i))
            {
                // The same key twice in one batch: the second waits for the first's answer (below), never posts.
                repeatsInBatch.Add((i, firstOfKey[posting.IdempotencyKey]));
                continue;
            }

            results[i] = Prepare(posting, committed, holdKeys, out commands[i]);
        }

        var window = options.Value.ClearingCommandsInFlightMax;
        using (var inFlight = new SemaphoreSlim(window, window))
        {
            var running = new List<Task>(postings.Count);
            for (var i = 0; i < postings.Count; i++)
            {
                if (results[i] is not null || repeatsInBatch.Count > 0 && firstOfKey[postings[i].IdempotencyKey] != i)
                {
                    continue;
                }

                // Submitted in list order; at most `window` wait for their journal commit at a time.
                await inFlight.WaitAsync(cancellationToken);
                running.Add(ExecuteAsync(i));
            }

            await Task.WhenAll(running);

            async Task ExecuteAsync(int index)
            {
                try
                {
                    results[index] = Map(await runner.ExecuteAsync(commands[index], postings[index].IdempotencyKey, postings[index].AuthorizationId, cancellationToken));
                }
                finally
                {
                    inFlight.Release();
                }
            }
        }

        foreach (var (index, first) in repeatsInBatch)
        {
            var firstResult = results[first]!;
            results[index] = firstResult.Status == GatewayStatus.Applied ? firstResult with { Status = GatewayStatus.Repeated } : firstResult;
        }

        return results.Select(result => result!).ToList();
    }

    /// <summary>The answer a posting gets without the engine (invalid, repeated, unknown, unavailable), or null and its command.</summary>
    private GatewayResult? Prepare(ClearingPosting posting, Dictionary<string, long> committed, Dictionary<long, (string? CardId, TransactionKey Key)> holdKeys, out AccountCommand command)
    {
        command = default;
        if (posting.AmountMinor is < 0 or > 999_999_999_999)
        {
            return new GatewayResult(GatewayStatus.Invalid, 0);
        }

        if (committed.TryGetValue(posting.IdempotencyKey, out var transferId))
        {
            return new GatewayResult(GatewayStatus.Repeated, transferId);
        }

        if (host.Engine is null)
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
        }

        // Matching reads the projected log and holds: see every authorization answered before this call.
        await projector.WaitAsync(cancellationToken);
        var matched = await AuthorizationLogStore.MatchClearingAsync(dataSource, cardIds, codes, rrns, acquirers, froms, tos, cancellationToken);
        var ids = new string?[queries.Count];
        foreach (var (index, id) in matched)
        {
            ids[index] = AuthorizationLogStore.PublicId(id);
        }

        return ids;
    }

    public async Task<(int Released, bool Available)> ExpireHoldsAsync(DateTimeOffset asOf, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (host.Engine is null)
        {
            return (0, false);
        }

        await projector.WaitAsync(cancellationToken);
        var released = 0;
        foreach (var due in await HoldExpiryStore.DueAsync(dataSource, asOf - HoldExpiry, asOf - LongHoldExpiry, max, cancellationToken))
        {
            var command = new AccountCommand { Kind = AccountCommandKind.HoldExpiry, AccountId = due.AccountId, HoldKey = due.Key, HasHoldKey = true };
            var key = string.Create(CultureInfo.InvariantCulture, $"expiry:{due.Key}:v{due.LedgerVersion}:{asOf.UtcTicks}");
            var result = await runner.ExecuteAsync(command, key, due.Key.ToString(), cancellationToken);
            if (result.IsUnavailable)
            {
                return (released, false);
            }

            if (result.Outcome.ResponseCode == ResponseCode.Approved)
            {
                released++;
            }
        }

        return (released, true);
    }

    public async Task<IReadOnlyList<AuthorizationMatch>> FindAuthorizationsAsync(AuthorizationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, 500);
        await projector.WaitAsync(cancellationToken);
        var rows = await AuthorizationLogStore.MatchAsync(
            dataSource,
            query.CardId,
            query.ApprovalCode,
            query.Rrn,
            query.AcquirerId,
            query.DecidedFrom?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            query.DecidedTo?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            query.Limit,
            cancellationToken);
        return rows.Select(row => new AuthorizationMatch(
            AuthorizationLogStore.PublicId(row.Id),
            row.CardId ?? "",
            row.ApprovalCode,
            row.Rrn,
            row.AcquirerId,
            new DateTimeOffset(DateTime.SpecifyKind(row.DecidedAt, DateTimeKind.Utc)),
            row.ApprovedAmount,
            row.HoldState == (short)HoldRowState.Open ? row.HeldNow : null,
            AuthorizationLogStore.Status(row))).ToList();
    }

    private static GatewayResult Map(EngineCommandResult result) => result switch
    {
        { IsUnavailable: true } => new GatewayResult(GatewayStatus.Unavailable, 0),
        { Outcome.ResponseCode: ResponseCode.Approved } => new GatewayResult(GatewayStatus.Applied, result.TransferId),
        { Outcome.ResponseCode: ResponseCode.InvalidCardNumber } => new GatewayResult(GatewayStatus.UnknownCard, 0),
        { Outcome.ResponseCode: ResponseCode.UnableToLocateOriginal } => new GatewayResult(GatewayStatus.UnknownAuthorization, 0),
        _ => new GatewayResult(GatewayStatus.Invalid, 0),
    };
}
