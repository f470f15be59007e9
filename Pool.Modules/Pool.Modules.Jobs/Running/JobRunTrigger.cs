namespace Pool.Modules.Jobs.Running;

/// <summary>
/// What started a run. Stored in <c>jobs.job_runs.trigger</c>: values are explicit, append only,
/// and pinned by PersistedJobValuesTests.
/// </summary>
internal enum JobRunTrigger : short
{
    Schedule = 1,
    Manual = 2,
    Cli = 3,
}
