using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Modules.Authorization.Jobs;

/// <summary>
/// <c>hold-expiry</c> (admin-api.md §3, ARCHITECTURE §3): releases every hold older than 7 days (31 for lodging,
/// car rental and cruise MCCs) through the engine's ordered path, in batches until none is left. The cut-off
/// is the clock when the run starts, so a late or repeated run releases exactly what is due by then; a hold
/// released once is gone from the engine, so a repeat releases nothing twice. On an instance whose engine is
/// not active the run fails with a transient error: the Jobs module retries it, then alerts.
/// </summary>
internal static class HoldExpiryJob
{
    public const string Name = "hold-expiry";

    /// <summary>Holds released per call of the gateway: one query of due holds, then one engine command each.</summary>
    public const int BatchMax = 1_000;

    /// <summary>Batches per run: 10 million holds, far above a day's; a bound so a bug cannot loop forever.</summary>
    public const int BatchesPerRunMax = 10_000;

    // Hourly, on the hour's 10th minute (Tokyo): a hold is released at most an hour after it expires.
    public static JobDefinition Definition { get; } = new(
        Name,
        "10 * * * *",
        BusinessCalendar.TimeZoneId,
        "Releases holds older than 7 days (31 for lodging, car rental and cruise) through the engine.",
        RunAsync)
    {
        RunsOnActiveEngine = true,
    };

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var gateway = context.Services.GetRequiredService<IAuthorizationLedgerGateway>();
        var asOf = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var released = 0L;
        for (var batch = 0; batch < BatchesPerRunMax; batch++)
        {
            var (count, available) = await gateway.ExpireHoldsAsync(asOf, BatchMax, cancellationToken);
            released += count;
            if (!available)
            {
                throw new JobTransientException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The authorization engine is not active on this instance (standby, loading or its journal failing); {released} holds were released before it stopped. Run hold-expiry on the active instance, or retry after failover."));
            }

            if (count > 0)
            {
                context.Progress.Report(string.Create(CultureInfo.InvariantCulture, $"released {released} holds"));
            }

            // A short batch means nothing due is left (a hold the engine refused is left for the ledger check to find).
            if (count < BatchMax)
            {
                break;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"released {released} holds due before {asOf:yyyy-MM-dd'T'HH:mm:ss'Z'} (7 days; 31 for lodging, car rental, cruise)");
    }
}
