using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs.Api;

/// <summary>The jobs endpoints (admin-api.md §3): list, start a run, run history, one run.</summary>
internal static class JobsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapGet("/", ListJobsAsync)
            .WithName("ListJobs")
            .WithSummary("Every job with its schedule, last run and next run");
        jobs.MapPost("/{name}/runs", StartRunAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .WithName("StartJobRun")
            .WithSummary("Starts a run of the job now, also when its schedule is disabled");
        jobs.MapGet("/{name}/runs", ListRunsAsync)
            .WithName("ListJobRuns")
            .WithSummary("The job's runs, newest first");
        jobs.MapGet("/{name}/runs/{id}", GetRunAsync)
            .WithName("GetJobRun")
            .WithSummary("One run of the job");
    }

    public static JobResponse Describe(JobSchedule job, JobRunRow? lastRun, DateTimeOffset now) => new(
        job.Name,
        job.Definition.Description,
        job.CronText,
        job.TimeZone.Id,
        job.Enabled,
        lastRun is null ? null : JobRunResponse.From(lastRun),
        job.Enabled ? job.NextAfter(now) : null);

    private static async Task<Ok<JobListResponse>> ListJobsAsync(JobCatalog catalog, JobRunStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var latest = await store.LatestPerJobAsync(cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new JobListResponse(catalog.Jobs.Select(j => Describe(j, latest.GetValueOrDefault(j.Name), now)).ToList()));
    }

    private static async Task<Results<Accepted<JobRunResponse>, ValidationProblem, ProblemHttpResult>> StartRunAsync(
        string name, [FromBody] JobRunRequest? request, JobCatalog catalog, JobRunner runner, JobRunTracker tracker, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is not { } job)
        {
            return UnknownJob(name);
        }

        var parameters = request?.Parameters;
        if (parameters is not null && (parameters.Count > JobRunArguments.ParametersMax || parameters.Any(p => string.IsNullOrEmpty(p.Key) || p.Key.Contains('=', StringComparison.Ordinal) || p.Value is null)))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["parameters"] = [$"At most {JobRunArguments.ParametersMax} parameters, each a non-empty key without '=' and a string value."] },
                type: ProblemTypes.Validation);
        }

        // A job that needs the engine runs only where it is active; a standby says so, and `job run` retries elsewhere or later.
        if (job.Definition.RunsOnActiveEngine && services.GetService<IActiveEngineProbe>() is not { IsActiveHere: true })
        {
            return TypedResults.Problem(
                title: "The authorization engine is not active on this instance.",
                detail: $"Job '{job.Name}' changes money through the engine; send the run to the active instance, or retry after failover.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                type: ProblemTypes.EngineUnavailable);
        }

        var start = await runner.BeginAsync(job, JobRunTrigger.Manual, null, null, parameters, cancellationToken);
        if (start.Lock is not null)
        {
            _ = tracker.Start(token => runner.ExecuteAsync(start, null, token));
        }

        var run = JobRunResponse.From(start);
        return TypedResults.Accepted($"/api/jobs/{Uri.EscapeDataString(job.Name)}/runs/{run.Id}", run);
    }

    private static async Task<Results<Ok<Page<JobRunResponse>>, ValidationProblem, ProblemHttpResult>> ListRunsAsync(
        string name, int? limit, string? cursor, JobCatalog catalog, JobRunStore store, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is null)
        {
            return UnknownJob(name);
        }

        if (!IdCursor.TryRead(limit, cursor, out var pageLimit, out var beforeId, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var rows = await store.ListAsync(name, beforeId, pageLimit + 1, cancellationToken);
        return TypedResults.Ok(IdCursor.ToPage(rows, pageLimit, r => r.Id, JobRunResponse.From));
    }

    private static async Task<Results<Ok<JobRunResponse>, ProblemHttpResult>> GetRunAsync(
        string name, string id, JobCatalog catalog, JobRunStore store, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is null)
        {
            return UnknownJob(name);
        }

        var row = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var runId)
            ? await store.GetAsync(name, runId, cancellationToken)
            : null;
        return row is null
            ? TypedResults.Problem(title: "No such run.", detail: $"Job '{name}' has no run '{id}'.", statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound)
            : TypedResults.Ok(JobRunResponse.From(row));
    }

    private static ProblemHttpResult UnknownJob(string name) =>
        TypedResults.Problem(title: "No such job.", detail: $"No module declares a job named '{name}'.", statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound);
}
