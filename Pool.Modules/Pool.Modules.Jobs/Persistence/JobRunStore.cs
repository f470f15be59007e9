using System.Text.Json;
using Dapper;
using Npgsql;
using Pool.Modules.Jobs.Running;

namespace Pool.Modules.Jobs.Persistence;

/// <summary>The module's tables: run history, attempts, and the last scheduled tick each job served.</summary>
internal sealed class JobRunStore(NpgsqlDataSource dataSource)
{
    private const string RunColumns = """
        id AS Id, job AS Job, trigger AS Trigger, scheduled_for AS ScheduledFor, started_at AS StartedAt, ended_at AS EndedAt,
        outcome AS Outcome, attempt AS Attempt, summary AS Summary, error AS Error
        """;

    /// <summary>
    /// Per job, the last tick served. A job seen for the first time gets <paramref name="now"/> as its
    /// baseline, so a new deployment does not run the past.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadScheduleStateAsync(IReadOnlyList<string> jobs, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Job, DateTime LastScheduledFor)>(new CommandDefinition(
            """
            INSERT INTO jobs.job_schedule_state (job, last_scheduled_for)
            SELECT unnest(@jobs), @now
            ON CONFLICT (job) DO NOTHING;
            SELECT job, last_scheduled_for FROM jobs.job_schedule_state WHERE job = ANY(@jobs);
            """,
            new { jobs = jobs.ToArray(), now },
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Job, r => new DateTimeOffset(DateTime.SpecifyKind(r.LastScheduledFor, DateTimeKind.Utc)), StringComparer.Ordinal);
    }

    /// <summary>
    /// Claims tick <paramref name="scheduledFor"/> of <paramref name="job"/> for this instance and records its
    /// run as running; null when another instance claimed it (or a later tick) first. The compare-and-set on
    /// the schedule state and the unique (job, tick) row make the claim exactly-once across instances.
    /// </summary>
    public async Task<long?> TryClaimTickAsync(string job, DateTimeOffset scheduledFor, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var advanced = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs.job_schedule_state SET last_scheduled_for = @scheduledFor WHERE job = @job AND last_scheduled_for < @scheduledFor",
            new { job, scheduledFor },
            transaction,
            cancellationToken: cancellationToken));
        if (advanced != 1)
        {
            return null;
        }

        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO jobs.job_runs (job, trigger, scheduled_for, started_at, outcome)
            VALUES (@job, @trigger, @scheduledFor, @startedAt, @outcome)
            ON CONFLICT (job, scheduled_for) WHERE trigger = 1 DO NOTHING
            RETURNING id
            """,
            new { job, trigger = (short)JobRunTrigger.Schedule, scheduledFor, startedAt, outcome = (short)JobRunOutcome.Running },
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Records a run started by hand or from the command line, as running.</summary>
    public async Task<long> InsertRunAsync(string job, JobRunTrigger trigger, DateTimeOffset scheduledFor, DateTimeOffset startedAt, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO jobs.job_runs (job, trigger, scheduled_for, started_at, outcome, parameters)
            VALUES (@job, @trigger, @scheduledFor, @startedAt, @outcome, @parameters::jsonb)
            RETURNING id
            """,
            new { job, trigger = (short)trigger, scheduledFor, startedAt, outcome = (short)JobRunOutcome.Running, parameters = JsonSerializer.Serialize(parameters) },
            cancellationToken: cancellationToken));
    }

    public async Task BeginAttemptAsync(long runId, int attempt, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs.job_runs SET attempt = @attempt WHERE id = @runId;
            INSERT INTO jobs.job_run_attempts (run_id, attempt, started_at) VALUES (@runId, @attempt, @startedAt);
            """,
            new { runId, attempt, startedAt },
            cancellationToken: cancellationToken));
    }

    public async Task EndAttemptAsync(long runId, int attempt, DateTimeOffset endedAt, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs.job_run_attempts SET ended_at = @endedAt, error = @error WHERE run_id = @runId AND attempt = @attempt",
            new { runId, attempt, endedAt, error },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records how a run ended; only a running run can end, so an outcome is written once.</summary>
    public async Task FinishAsync(long runId, JobRunOutcome outcome, DateTimeOffset endedAt, string? summary, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs.job_runs SET outcome = @outcome, ended_at = @endedAt, summary = @summary, error = @error WHERE id = @runId AND outcome = @running",
            new { runId, outcome = (short)outcome, endedAt, summary, error, running = (short)JobRunOutcome.Running },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Marks failed the job's other runs that are still "running" although they had begun an attempt. Called
    /// while holding the job's lock: such a run held the lock once and has lost it, so its instance died.
    /// Runs that never began an attempt are left alone; they may be about to find the lock taken.
    /// </summary>
    public async Task<int> FailInterruptedAsync(string job, long currentRunId, DateTimeOffset endedAt, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE jobs.job_runs SET outcome = @failed, ended_at = @endedAt, error = @error
            WHERE job = @job AND id <> @currentRunId AND outcome = @running AND attempt > 0
            """,
            new { job, currentRunId, endedAt, error, failed = (short)JobRunOutcome.Failed, running = (short)JobRunOutcome.Running },
            cancellationToken: cancellationToken));
    }

    public async Task<JobRunRow?> GetAsync(string job, long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM jobs.job_runs WHERE job = @job AND id = @id",
            new { job, id },
            cancellationToken: cancellationToken));
    }

    /// <summary>A page of one job's runs, newest first; <paramref name="beforeId"/> is the cursor (the last id of the previous page).</summary>
    public async Task<IReadOnlyList<JobRunRow>> ListAsync(string job, long? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunRow>(new CommandDefinition(
            $"""
            SELECT {RunColumns} FROM jobs.job_runs
            WHERE job = @job AND (@beforeId::bigint IS NULL OR id < @beforeId)
            ORDER BY id DESC
            LIMIT @limit
            """,
            new { job, beforeId, limit },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Each job's latest run (any trigger), by job name.</summary>
    public async Task<IReadOnlyDictionary<string, JobRunRow>> LatestPerJobAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunRow>(new CommandDefinition(
            $"SELECT DISTINCT ON (job) {RunColumns} FROM jobs.job_runs ORDER BY job, id DESC",
            cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Job, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<JobRunAttemptRow>> AttemptsAsync(long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<JobRunAttemptRow>(new CommandDefinition(
            "SELECT run_id AS RunId, attempt AS Attempt, started_at AS StartedAt, ended_at AS EndedAt, error AS Error FROM jobs.job_run_attempts WHERE run_id = @runId ORDER BY attempt",
            new { runId },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
