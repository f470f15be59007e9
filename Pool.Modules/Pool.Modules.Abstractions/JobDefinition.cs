namespace Pool.Modules.Abstractions;

/// <summary>A batch job a module declares; the Jobs module schedules it and records its runs.</summary>
/// <param name="Name">Stable name (admin-api.md §3), e.g. <c>hold-expiry</c>.</param>
/// <param name="DefaultSchedule">Cron expression (five fields) in <paramref name="DefaultTimeZone"/>.</param>
/// <param name="DefaultTimeZone">IANA time zone id; Asia/Tokyo unless said otherwise.</param>
/// <param name="Description">One line for operators.</param>
/// <param name="RunAsync">The work; returns a one-line summary.</param>
public sealed record JobDefinition(
    string Name,
    string DefaultSchedule,
    string DefaultTimeZone,
    string Description,
    Func<JobContext, CancellationToken, Task<string>> RunAsync)
{
    /// <summary>
    /// The job changes money through the authorization engine's ordered path, so it runs only where the
    /// engine is active (<see cref="IActiveEngineProbe"/>): a <c>job run</c> process without the engine
    /// asks the active host to run it (<c>Jobs:Remote</c>, docs/jobs.md), and a standby answers a
    /// <c>POST /api/jobs/{name}/runs</c> for it with 503.
    /// </summary>
    public bool RunsOnActiveEngine { get; init; }
}

/// <summary>What a job run is given.</summary>
/// <param name="Services">A scope's services for this run.</param>
/// <param name="ScheduledFor">The tick this run serves (UTC), or the start time for a one-shot run.</param>
/// <param name="Parameters">Operator parameters (<c>--param k=v</c>).</param>
/// <param name="Progress">Where the job reports progress.</param>
public sealed record JobContext(
    IServiceProvider Services,
    DateTimeOffset ScheduledFor,
    IReadOnlyDictionary<string, string> Parameters,
    IProgress<string> Progress);
