using Microsoft.Extensions.Logging;

namespace Pool.Modules.Jobs;

/// <summary>
/// The Jobs module's log messages, event ids 7000–7999 (HostLog lists every module's range).
/// Next free id: 7013.
/// </summary>
internal static partial class JobsLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Job {Job} run {RunId} started ({Trigger}, for {ScheduledFor:O})")]
    public static partial void RunStarted(ILogger logger, string job, long runId, string trigger, DateTimeOffset scheduledFor);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Job {Job} run {RunId} succeeded after {Attempts} attempt(s) in {DurationMs} ms: {Summary}")]
    public static partial void RunSucceeded(ILogger logger, string job, long runId, int attempts, long durationMs, string summary);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Job {Job} run {RunId} failed after {Attempts} attempt(s): {Error} (runbook {Runbook})")]
    public static partial void RunFailed(ILogger logger, string job, long runId, int attempts, string error, string runbook);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Job {Job} run {RunId} skipped: the job is already running on this or another instance")]
    public static partial void RunSkipped(ILogger logger, string job, long runId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Job {Job} run {RunId} attempt {Attempt} failed transiently; retrying in {DelayMs} ms: {Error}")]
    public static partial void AttemptRetrying(ILogger logger, string job, long runId, int attempt, long delayMs, string error);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Job {Job} missed ticks since {LastServed:O}; catching up once for {ScheduledFor:O}")]
    public static partial void CatchingUp(ILogger logger, string job, DateTimeOffset lastServed, DateTimeOffset scheduledFor);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Debug, Message = "Job {Job} tick {ScheduledFor:O} was claimed by another instance")]
    public static partial void TickClaimedElsewhere(ILogger logger, string job, DateTimeOffset scheduledFor);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Error, Message = "The job scheduler's tick failed; it tries again next tick")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "The failure alert for job {Job} run {RunId} was not delivered: {Reason}")]
    public static partial void AlertFailed(ILogger logger, string job, long runId, string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Debug, Message = "Job {Job} run {RunId}: {Progress}")]
    public static partial void Progress(ILogger logger, string job, long runId, string progress);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Job scheduler started: {Enabled} of {Declared} jobs on schedule, looking every {TickIntervalMs} ms")]
    public static partial void SchedulerStarted(ILogger logger, int enabled, int declared, int tickIntervalMs);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Job {Job}: {Count} earlier run(s) were still recorded as running without holding the lock; recorded as failed (interrupted)")]
    public static partial void RunsInterrupted(ILogger logger, string job, int count);
}
