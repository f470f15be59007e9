namespace Pool.Modules.Jobs.Api;

/// <summary>A job as <c>GET /api/jobs</c> shows it: its effective schedule, last run and next run.</summary>
internal sealed record JobResponse(
    string Name,
    string Description,
    string Schedule,
    string TimeZone,
    bool Enabled,
    JobRunResponse? LastRun,
    DateTimeOffset? NextRunAt);
