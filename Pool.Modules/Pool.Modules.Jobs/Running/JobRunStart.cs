using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs.Running;

/// <summary>
/// A recorded run that has either taken the job's lock (and must be executed, which releases it) or
/// was skipped because the job was already running.
/// </summary>
internal sealed class JobRunStart(long runId, JobSchedule job, JobRunTrigger trigger, DateTimeOffset scheduledFor, DateTimeOffset startedAt, IReadOnlyDictionary<string, string> parameters, JobRunLock? runLock)
{
    public long RunId { get; } = runId;

    public JobSchedule Job { get; } = job;

    public JobRunTrigger Trigger { get; } = trigger;

    public DateTimeOffset ScheduledFor { get; } = scheduledFor;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    /// <summary>The job's lock, held until the run ends; null when the run was skipped.</summary>
    public JobRunLock? Lock { get; } = runLock;

    public JobRunOutcome Outcome => Lock is null ? JobRunOutcome.Skipped : JobRunOutcome.Running;
}
