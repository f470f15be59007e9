namespace Pool.Modules.Jobs.Api;

/// <summary><c>{ "items": [...] }</c>: every declared job, by name. Not paged: the jobs are few and fixed at build time.</summary>
internal sealed record JobListResponse(IReadOnlyList<JobResponse> Items);
