using Cronos;
using Pool.Modules.Abstractions;

namespace Pool.Modules.Jobs.Scheduling;

/// <summary>A declared job with its effective schedule: the declaration, overridden by <c>Jobs:Schedules:&lt;name&gt;</c>.</summary>
internal sealed class JobSchedule(JobDefinition definition, string cronText, CronExpression cron, TimeZoneInfo timeZone, bool enabled)
{
    public JobDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>The cron expression as configured (five fields).</summary>
    public string CronText { get; } = cronText;

    public CronExpression Cron { get; } = cron;

    /// <summary>The zone the cron fields are read in, e.g. Asia/Tokyo.</summary>
    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>False: the scheduler leaves the job alone; it still runs by hand.</summary>
    public bool Enabled { get; } = enabled;

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC; null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Cron.GetNextOccurrence(after, TimeZone, inclusive: false)?.ToUniversalTime();

    /// <summary>
    /// The latest occurrence in (<paramref name="lastServed"/>, <paramref name="now"/>], in UTC, or null when none is due.
    /// Only the latest counts: after downtime the missed ticks are caught up by one run, not one per tick.
    /// </summary>
    public DateTimeOffset? LatestDue(DateTimeOffset lastServed, DateTimeOffset now)
    {
        if (now <= lastServed)
        {
            return null;
        }

        var latest = Cron.GetPreviousOccurrence(now, TimeZone, inclusive: true)?.ToUniversalTime();
        return latest > lastServed ? latest : null;
    }
}
