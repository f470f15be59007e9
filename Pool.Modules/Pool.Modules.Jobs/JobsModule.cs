using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Jobs.Alerts;
using Pool.Modules.Jobs.Api;
using Pool.Modules.Jobs.Cli;
using Pool.Modules.Jobs.Configuration;
using Pool.Modules.Jobs.Persistence;
using Pool.Modules.Jobs.Running;
using Pool.Modules.Jobs.Scheduling;

namespace Pool.Modules.Jobs;

/// <summary>
/// Jobs (ARCHITECTURE.md §4): schedules the jobs every module declares through <see cref="IModule.Jobs"/>,
/// one run at a time across instances, with run history, retries, failure alerts, the jobs endpoints
/// (admin-api.md §3) and the <c>job run</c> / <c>job list</c> verbs. docs/jobs.md tells how.
/// </summary>
public sealed class JobsModule : IModule
{
    public string Name => "jobs";

    public int Order => 90;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddSingleton(provider => JobCatalog.Create(
            provider.GetRequiredService<IReadOnlyList<IModule>>(), provider.GetRequiredService<IOptions<JobsOptions>>().Value));
        services.AddMetrics();
        services.AddSingleton<JobsMetrics>();
        services.AddHttpClient(JobFailureAlert.HttpClientName);
        services.AddHttpClient(RemoteJobRun.HttpClientName);
        services.AddSingleton<JobFailureAlert>();
        services.AddSingleton<JobRunStore>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRunTracker>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunTracker>());
        services.AddSingleton<JobScheduler>();

        // Only a served host runs schedules; verbs never start hosted services, and tests ask for it.
        if (configuration.GetValue<bool?>($"{JobsOptions.Section}:{nameof(JobsOptions.SchedulerEnabled)}") ?? true)
        {
            services.AddHostedService(provider => provider.GetRequiredService<JobScheduler>());
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => JobsApi.Map(endpoints);

    public IEnumerable<CliVerb> Verbs => JobVerbs.All;
}
