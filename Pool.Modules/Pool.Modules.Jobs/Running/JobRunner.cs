using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Alerts;
using Pool.Modules.Jobs.Configuration;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs.Running;

/// <summary>
/// Runs a job once, whatever started it: records the run, takes the job's lock (or records it skipped),
/// runs each attempt in a scope of its own, retries transient failures with backoff, records the
/// outcome, counts it, and on failure logs an error and calls the alert webhook.
/// </summary>
internal sealed class JobRunner(
    JobRunStore store,
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<JobsOptions> options,
    JobsMetrics metrics,
    JobFailureAlert alert,
    ILogger<JobRunner> logger)
{
    /// <summary>The summary of a run that found its job already running (admin-api.md §3 outcome <c>skipped</c>).</summary>
    public const string AlreadyRunningSummary = "already running";

    /// <summary>The error of a run whose instance stopped during it (found when the next run takes the lock).</summary>
    public const string InterruptedError = "interrupted: the instance running it stopped before it ended";

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();

    /// <summary>Records, locks, executes: the whole run.</summary>
    public async Task<JobRunResult> RunAsync(JobSchedule job, JobRunTrigger trigger, long? claimedRunId, DateTimeOffset? scheduledFor, IReadOnlyDictionary<string, string>? parameters, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var start = await BeginAsync(job, trigger, claimedRunId, scheduledFor, parameters, cancellationToken);
        return await ExecuteAsync(start, progress, cancellationToken);
    }

    /// <summary>
    /// Records the run (unless the scheduler already claimed it as <paramref name="claimedRunId"/>) and takes
    /// the job's lock; a run that cannot take it is recorded as skipped.
    /// </summary>
    public async Task<JobRunStart> BeginAsync(JobSchedule job, JobRunTrigger trigger, long? claimedRunId, DateTimeOffset? scheduledFor, IReadOnlyDictionary<string, string>? parameters, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var servedFor = scheduledFor ?? startedAt;
        parameters ??= NoParameters;
        var runId = claimedRunId ?? await store.InsertRunAsync(job.Name, trigger, servedFor, startedAt, parameters, cancellationToken);
        JobRunLock? runLock;
        try
        {
            runLock = await JobRunLock.TryAcquireAsync(dataSource, job.Name, cancellationToken);
        }
        catch (Exception exception)
        {
            await FailAsync(job.Name, runId, 0, startedAt, time.GetTimestamp(), JobRunError.Describe(exception));
            throw;
        }

        if (runLock is null)
        {
            await store.FinishAsync(runId, JobRunOutcome.Skipped, time.GetUtcNow(), AlreadyRunningSummary, null, CancellationToken.None);
            metrics.RunEnded(job.Name, JobRunNames.Of(JobRunOutcome.Skipped), TimeSpan.Zero);
            JobsLog.RunSkipped(logger, job.Name, runId);
        }
        else
        {
            JobsLog.RunStarted(logger, job.Name, runId, JobRunNames.Of(trigger), servedFor);
            var interrupted = await store.FailInterruptedAsync(job.Name, runId, startedAt, InterruptedError, CancellationToken.None);
            if (interrupted > 0)
            {
                JobsLog.RunsInterrupted(logger, job.Name, interrupted);
            }
        }

        return new JobRunStart(runId, job, trigger, servedFor, startedAt, parameters, runLock);
    }

    /// <summary>Executes a run that holds its lock, and releases it; a skipped run returns as it was recorded.</summary>
    public async Task<JobRunResult> ExecuteAsync(JobRunStart start, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (start.Lock is null)
        {
            return new JobRunResult(start.RunId, JobRunOutcome.Skipped, 0, AlreadyRunningSummary, null);
        }

        await using (start.Lock)
        {
            var job = start.Job;
            var began = time.GetTimestamp();
            var attempt = 0;
            progress ??= new JobProgressLog(logger, job.Name, start.RunId);
            var pipeline = RetryPipeline(job.Name, start.RunId);
            string summary;
            try
            {
                summary = await pipeline.ExecuteAsync(
                    async token =>
                    {
                        attempt++;
                        return await AttemptAsync(start, attempt, progress, token);
                    },
                    cancellationToken);
            }
            catch (Exception exception)
            {
                // Any exception a job throws is an operating error of that run: record it, count it, announce it.
                var error = JobRunError.Describe(exception);
                await FailAsync(job.Name, start.RunId, attempt, start.StartedAt, began, error);
                return new JobRunResult(start.RunId, JobRunOutcome.Failed, attempt, null, error);
            }

            summary = JobRunError.Truncate(summary ?? "", JobRunError.SummaryLengthMax);
            await store.FinishAsync(start.RunId, JobRunOutcome.Succeeded, time.GetUtcNow(), summary, null, CancellationToken.None);
            var duration = time.GetElapsedTime(began);
            metrics.RunEnded(job.Name, JobRunNames.Of(JobRunOutcome.Succeeded), duration);
            JobsLog.RunSucceeded(logger, job.Name, start.RunId, attempt, (long)duration.TotalMilliseconds, summary);
            return new JobRunResult(start.RunId, JobRunOutcome.Succeeded, attempt, summary, null);
        }
    }

    private async Task<string> AttemptAsync(JobRunStart start, int attempt, IProgress<string> progress, CancellationToken cancellationToken)
    {
        await store.BeginAttemptAsync(start.RunId, attempt, time.GetUtcNow(), cancellationToken);
        try
        {
            string summary;
            await using (var scope = scopes.CreateAsyncScope())
            {
                summary = await start.Job.Definition.RunAsync(new JobContext(scope.ServiceProvider, start.ScheduledFor, start.Parameters, progress), cancellationToken);
            }

            await store.EndAttemptAsync(start.RunId, attempt, time.GetUtcNow(), null, CancellationToken.None);
            return summary;
        }
        catch (Exception exception)
        {
            await store.EndAttemptAsync(start.RunId, attempt, time.GetUtcNow(), JobRunError.Describe(exception), CancellationToken.None);
            throw;
        }
    }

    private ResiliencePipeline RetryPipeline(string job, long runId)
    {
        var retry = options.Value.Retry;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(retry.BaseDelayMs),
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientFailure.IsTransient),
                OnRetry = arguments =>
                {
                    JobsLog.AttemptRetrying(
                        logger, job, runId, arguments.AttemptNumber + 1, (long)arguments.RetryDelay.TotalMilliseconds,
                        arguments.Outcome.Exception is { } exception ? JobRunError.Describe(exception) : "no exception");
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private async Task FailAsync(string job, long runId, int attempts, DateTimeOffset startedAt, long began, string error)
    {
        // The outcome is written even when the run was cancelled: a run must never stay "running".
        await store.FinishAsync(runId, JobRunOutcome.Failed, time.GetUtcNow(), null, error, CancellationToken.None);
        metrics.RunEnded(job, JobRunNames.Of(JobRunOutcome.Failed), time.GetElapsedTime(began));
        JobsLog.RunFailed(logger, job, runId, attempts, error, alert.RunbookLink);
        await alert.SendAsync(job, runId, error, startedAt, CancellationToken.None);
    }
}
