using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Contracts;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Engine;

/// <summary>The <see cref="IAuthorizationLedgerGateway"/> for clearing and jobs: postings and expiries go through the engine (clearing's part: AuthorizationLedgerGateway.Clearing.cs).</summary>
internal sealed partial class AuthorizationLedgerGateway(
    EngineHost host,
    EngineCommandRunner runner,
    AdminCommandRegistry registry,
    JournalProjector projector,
    NpgsqlDataSource dataSource,
    IOptions<EngineHostOptions> options) : IAuthorizationLedgerGateway
{
    /// <summary>How long a hold stays open (ARCHITECTURE §3).</summary>
    public static readonly TimeSpan HoldExpiry = TimeSpan.FromDays(7);

    /// <summary>Lodging, car rental and cruise (ARCHITECTURE §3): airlines' and hotels' long pre-authorizations.</summary>
    public static readonly TimeSpan LongHoldExpiry = TimeSpan.FromDays(31);

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
}
