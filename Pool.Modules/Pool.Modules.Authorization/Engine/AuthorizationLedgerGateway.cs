using System.Globalization;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Engine;

/// <summary>The <see cref="IAuthorizationLedgerGateway"/> for clearing and jobs: postings and expiries go through the engine.</summary>
internal sealed class AuthorizationLedgerGateway(EngineHost host, EngineCommandRunner runner, JournalProjector projector, NpgsqlDataSource dataSource) : IAuthorizationLedgerGateway
{
    /// <summary>How long a hold stays open (ARCHITECTURE §3).</summary>
    public static readonly TimeSpan HoldExpiry = TimeSpan.FromDays(7);

    /// <summary>Lodging, car rental and cruise (ARCHITECTURE §3): airlines' and hotels' long pre-authorizations.</summary>
    public static readonly TimeSpan LongHoldExpiry = TimeSpan.FromDays(31);

    public async Task<GatewayResult> PostClearingAsync(ClearingPosting posting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posting);
        ArgumentException.ThrowIfNullOrEmpty(posting.IdempotencyKey);
        ArgumentException.ThrowIfNullOrEmpty(posting.CardId);
        if (posting.AmountMinor is < 0 or > 999_999_999_999)
        {
            return new GatewayResult(GatewayStatus.Invalid, 0);
        }

        // The log, holds and admin_commands are projected from the journal: read what was committed before.
        await projector.WaitAsync(cancellationToken);
        if (await AdminCommandStore.FindAsync(dataSource, posting.IdempotencyKey, cancellationToken) is { } first)
        {
            return new GatewayResult(GatewayStatus.Repeated, first.TransferId ?? 0);
        }

        if (host.Engine is null)
        {
            return new GatewayResult(GatewayStatus.Unavailable, 0);
        }

        if (!host.Catalog.TryGetNumber(posting.CardId, out var number) || !host.Catalog.TryGetCard(number, out var card))
        {
            return new GatewayResult(GatewayStatus.UnknownCard, 0);
        }

        var command = new AccountCommand
        {
            Kind = AccountCommandKind.ClearingPosting,
            AccountId = card.AccountId,
            AmountMinor = posting.IsCredit ? posting.AmountMinor : -posting.AmountMinor,
        };
        if (posting.AuthorizationId is not null)
        {
            if (!AuthorizationLogStore.TryParseId(posting.AuthorizationId, out var logId)
                || await AuthorizationLogStore.FindKeyAsync(dataSource, logId, cancellationToken) is not { } found
                || found.CardId != posting.CardId)
            {
                return new GatewayResult(GatewayStatus.UnknownAuthorization, 0);
            }

            command = command with { HoldKey = found.Key, HasHoldKey = true };
        }

        var result = await runner.ExecuteAsync(command, posting.IdempotencyKey, posting.AuthorizationId, cancellationToken);
        return Map(result);
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
