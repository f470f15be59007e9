using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Configuration;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;

namespace Pool.Modules.Jobs.Scheduling;

/// <summary>
/// Every tick, for each enabled job: the latest cron occurrence after the last tick the job served is
/// due; the instance that claims it in the database runs the job once for it. Missed ticks after
/// downtime therefore cost one run, and two instances never run the same tick. A job that needs the engine
/// (<see cref="JobDefinition.RunsOnActiveEngine"/>) is left to the instance whose engine is active: another
/// instance does not claim its tick, so a standby never takes a tick only to fail it.
/// </summary>
internal sealed class JobScheduler(
    JobCatalog catalog,
    JobRunStore store,
    JobRunner runner,
    JobRunTracker tracker,
    TimeProvider time,
    IOptions<JobsOptions> options,
    IServiceProvider services,
    ILogger<JobScheduler> logger) : BackgroundService
{
    /// <summary>
    /// One look: claims and starts each due job, and returns the started runs (tests await them; the
    /// background loop does not, so a long job never delays another).
    /// </summary>
    public async Task<IReadOnlyList<Task<JobRunResult>>> TickAsync(CancellationToken cancellationToken)
    {
        var enabled = catalog.Jobs.Where(j => j.Enabled).ToList();
        if (enabled.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var lastServed = await store.ReadScheduleStateAsync(enabled.Select(j => j.Name).ToList(), now, cancellationToken);
        var started = new List<Task<JobRunResult>>();
        var engineActiveHere = services.GetService<IActiveEngineProbe>() is { IsActiveHere: true };
        foreach (var job in enabled)
        {
            if (job.Definition.RunsOnActiveEngine && !engineActiveHere)
            {
                continue;
            }

            var last = lastServed[job.Name];
            if (job.LatestDue(last, now) is not { } due)
            {
                continue;
            }

            var runId = await store.TryClaimTickAsync(job.Name, due, now, cancellationToken);
            if (runId is null)
            {
                JobsLog.TickClaimedElsewhere(logger, job.Name, due);
                continue;
            }

            if (job.NextAfter(last) < due)
            {
                JobsLog.CatchingUp(logger, job.Name, last, due);
            }

            started.Add(tracker.Start(token => runner.RunAsync(job, JobRunTrigger.Schedule, runId, due, null, null, token)));
        }

        return started;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tick = TimeSpan.FromMilliseconds(options.Value.TickIntervalMs);
        JobsLog.SchedulerStarted(logger, catalog.Jobs.Count(j => j.Enabled), catalog.Jobs.Count, options.Value.TickIntervalMs);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database that is away for a moment must not stop the scheduler: the next tick tries again,
                // and the state it left in the database makes that tick catch up.
                JobsLog.TickFailed(logger, exception);
            }

            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
