namespace Pool.Modules.Jobs.Configuration;

/// <summary>Section <c>Jobs</c>: the scheduler, per-job schedules, retries and alerts (docs/jobs.md).</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Shortest tick, in milliseconds: cron has minute resolution, so ten looks a minute is plenty and a smaller value only loads the database.</summary>
    public const int TickIntervalMsMin = 100;

    /// <summary>Longest tick, in milliseconds: a run may start up to one tick late, and a minute late is the most an operator should see.</summary>
    public const int TickIntervalMsMax = 60_000;

    /// <summary>
    /// Whether this instance runs schedules. A served host (<c>run</c>) does by default; a one-shot
    /// <c>job run</c> never starts the scheduler, and the test host turns it off unless a test asks.
    /// </summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>How often the scheduler looks for due jobs, in milliseconds.</summary>
    public int TickIntervalMs { get; set; } = 1000;

    /// <summary>Per-job overrides of the declared schedule, by job name.</summary>
    public Dictionary<string, JobScheduleOptions> Schedules { get; set; } = new(StringComparer.Ordinal);

    public JobRetryOptions Retry { get; set; } = new();

    public JobAlertOptions Alerts { get; set; } = new();

    public JobRemoteOptions Remote { get; set; } = new();
}
