namespace Pool.Modules.Jobs.Running;

/// <summary>The wire names of outcomes and triggers (admin-api.md §3), in one place.</summary>
internal static class JobRunNames
{
    public static string Of(JobRunOutcome outcome) => outcome switch
    {
        JobRunOutcome.Running => "running",
        JobRunOutcome.Succeeded => "succeeded",
        JobRunOutcome.Failed => "failed",
        JobRunOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a run outcome"),
    };

    public static string Of(JobRunTrigger trigger) => trigger switch
    {
        JobRunTrigger.Schedule => "schedule",
        JobRunTrigger.Manual => "manual",
        JobRunTrigger.Cli => "cli",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "not a run trigger"),
    };
}
