namespace Pool.Modules.Jobs.Running;

/// <summary>How a run ended, as recorded.</summary>
internal sealed record JobRunResult(long RunId, JobRunOutcome Outcome, int Attempts, string? Summary, string? Error);
