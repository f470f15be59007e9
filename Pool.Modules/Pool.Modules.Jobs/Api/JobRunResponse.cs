using System.Globalization;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;

namespace Pool.Modules.Jobs.Api;

/// <summary>A run as the API shows it (admin-api.md §3).</summary>
internal sealed record JobRunResponse(
    string Id,
    string Job,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Outcome,
    string? Summary,
    string? Error,
    string Trigger,
    DateTimeOffset ScheduledFor,
    int Attempt)
{
    public static JobRunResponse From(JobRunRow row) => new(
        row.Id.ToString(CultureInfo.InvariantCulture),
        row.Job,
        Utc(row.StartedAt),
        row.EndedAt is { } ended ? Utc(ended) : null,
        JobRunNames.Of(row.RunOutcome),
        row.Summary,
        row.Error,
        JobRunNames.Of(row.RunTrigger),
        Utc(row.ScheduledFor),
        row.Attempt);

    /// <summary>A run just started by the API: running, or skipped when the job was already running.</summary>
    public static JobRunResponse From(JobRunStart start) => new(
        start.RunId.ToString(CultureInfo.InvariantCulture),
        start.Job.Name,
        start.StartedAt,
        null,
        JobRunNames.Of(start.Outcome),
        start.Outcome == JobRunOutcome.Skipped ? JobRunner.AlreadyRunningSummary : null,
        null,
        JobRunNames.Of(start.Trigger),
        start.ScheduledFor,
        0);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
