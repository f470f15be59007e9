using Pool.Modules.Jobs.Running;

namespace Pool.Modules.Jobs.Persistence;

/// <summary>One row of <c>jobs.job_runs</c>. Times read back as UTC <see cref="DateTime"/>s.</summary>
internal sealed class JobRunRow
{
    public long Id { get; set; }

    public string Job { get; set; } = "";

    public short Trigger { get; set; }

    public DateTime ScheduledFor { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public short Outcome { get; set; }

    public int Attempt { get; set; }

    public string? Summary { get; set; }

    public string? Error { get; set; }

    public JobRunOutcome RunOutcome => (JobRunOutcome)Outcome;

    public JobRunTrigger RunTrigger => (JobRunTrigger)Trigger;
}
