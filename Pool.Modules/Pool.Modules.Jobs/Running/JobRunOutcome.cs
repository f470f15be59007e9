namespace Pool.Modules.Jobs.Running;

/// <summary>
/// How a run ended (admin-api.md §3). Stored in <c>jobs.job_runs.outcome</c>: values are explicit,
/// append only, and pinned by PersistedJobValuesTests.
/// </summary>
internal enum JobRunOutcome : short
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Skipped = 4,
}
