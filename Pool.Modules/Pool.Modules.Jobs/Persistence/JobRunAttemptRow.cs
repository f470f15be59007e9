namespace Pool.Modules.Jobs.Persistence;

/// <summary>One row of <c>jobs.job_run_attempts</c>: an attempt of a run and, when it failed, its error.</summary>
internal sealed class JobRunAttemptRow
{
    public long RunId { get; set; }

    public int Attempt { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? Error { get; set; }
}
