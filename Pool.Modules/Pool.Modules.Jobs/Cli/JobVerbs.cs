using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Configuration;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs.Cli;

/// <summary>
/// <c>job run</c> and <c>job list</c>: the same jobs, one-shot, as a container task a cloud scheduler
/// starts would run them. The exit code is the outcome, for that scheduler to see.
/// </summary>
internal static class JobVerbs
{
    public const int ExitSucceeded = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;
    public const int ExitAlreadyRunning = 3;

    public static IEnumerable<CliVerb> All =>
    [
        new CliVerb("job run", "<name> [--param k=v ...]", "run a job once now (exit 0 ok, 1 failed, 2 unknown job, 3 already running)", RunAsync),
        new CliVerb("job list", "", "jobs with schedule, time zone, last outcome and next run", ListAsync),
    ];

    public static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        var arguments = JobRunArguments.TryParse(context.Arguments, out var error);
        if (arguments is null)
        {
            await context.Error.WriteLineAsync(error);
            return ExitUsage;
        }

        var catalog = context.Services.GetRequiredService<JobCatalog>();
        if (catalog.Find(arguments.Name) is not { } job)
        {
            await context.Error.WriteLineAsync($"No job is named '{arguments.Name}'. Jobs: {string.Join(", ", catalog.Jobs.Select(j => j.Name))}.");
            return ExitUsage;
        }

        // A job that needs the engine, in a process without it (a `job run` process never starts the engine):
        // the active host runs it, when Jobs:Remote says where that is.
        var remote = context.Services.GetRequiredService<IOptions<JobsOptions>>().Value.Remote;
        if (job.Definition.RunsOnActiveEngine
            && context.Services.GetService<IActiveEngineProbe>() is not { IsActiveHere: true }
            && !string.IsNullOrEmpty(remote.BaseAddress))
        {
            using var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(RemoteJobRun.HttpClientName);
            RemoteJobRun.Configure(client, remote);
            var time = context.Services.GetRequiredService<TimeProvider>();
            return await new RemoteJobRun(client, remote, time, context.Output, context.Error).RunAsync(job.Name, arguments.Parameters, cancellationToken);
        }

        var runner = context.Services.GetRequiredService<JobRunner>();
        var result = await runner.RunAsync(job, JobRunTrigger.Cli, null, null, arguments.Parameters, new JobProgressWriter(context.Output), cancellationToken);
        switch (result.Outcome)
        {
            case JobRunOutcome.Succeeded:
                await context.Output.WriteLineAsync($"{job.Name} run {result.RunId} succeeded: {result.Summary}");
                return ExitSucceeded;
            case JobRunOutcome.Skipped:
                await context.Error.WriteLineAsync($"{job.Name} run {result.RunId} skipped: {JobRunner.AlreadyRunningSummary}.");
                return ExitAlreadyRunning;
            default:
                await context.Error.WriteLineAsync($"{job.Name} run {result.RunId} failed after {result.Attempts} attempt(s): {result.Error}");
                return ExitFailed;
        }
    }

    public static async Task<int> ListAsync(CliContext context, CancellationToken cancellationToken)
    {
        if (context.Arguments.Count > 0)
        {
            await context.Error.WriteLineAsync("job list takes no arguments.");
            return ExitUsage;
        }

        var catalog = context.Services.GetRequiredService<JobCatalog>();
        var latest = await context.Services.GetRequiredService<JobRunStore>().LatestPerJobAsync(cancellationToken);
        var now = context.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        const string Row = "{0,-20} {1,-16} {2,-12} {3,-7} {4,-10} {5,-20} {6}";
        await context.Output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, Row, "NAME", "SCHEDULE", "TIME ZONE", "ENABLED", "LAST", "LAST STARTED (UTC)", "NEXT RUN (UTC)"));
        foreach (var job in catalog.Jobs)
        {
            var last = latest.GetValueOrDefault(job.Name);
            await context.Output.WriteLineAsync(string.Format(
                CultureInfo.InvariantCulture,
                Row,
                job.Name,
                job.CronText,
                job.TimeZone.Id,
                job.Enabled ? "yes" : "no",
                last is null ? "-" : JobRunNames.Of(last.RunOutcome),
                last is null ? "-" : last.StartedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                job.Enabled && job.NextAfter(now) is { } next ? next.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-"));
        }

        return ExitSucceeded;
    }
}
