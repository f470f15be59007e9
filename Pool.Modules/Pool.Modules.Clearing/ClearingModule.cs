using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Clearing.Api;
using Pool.Modules.Clearing.Cli;
using Pool.Modules.Clearing.Contracts;
using Pool.Modules.Clearing.Import;
using Pool.Modules.Clearing.Inbox;
using Pool.Modules.Clearing.Posting;

namespace Pool.Modules.Clearing;

/// <summary>
/// Clearing: imports the network's clearing files (clearing-file.md), matches presentments to authorizations,
/// posts them, keeps exceptions for the back office (docs/clearing.md). Other modules see only
/// <see cref="IClearingImports"/>.
/// </summary>
public sealed class ClearingModule : IModule
{
    public string Name => "clearing";

    /// <summary>After the modules it builds on: Ledger (20), Cards (30) and Authorization (200).</summary>
    public int Order => 300;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClearingOptions>().BindConfiguration(ClearingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IClearingPostings, EngineClearingPostings>();
        services.AddSingleton<IPresentmentMatcher, EnginePresentmentMatcher>();
        services.AddSingleton<ClearingMetrics>();
        services.AddSingleton<ClearingPostingRun>();
        services.AddSingleton<ClearingImporter>();
        services.AddSingleton<IClearingImports>(provider => provider.GetRequiredService<ClearingImporter>());
        services.AddOptions<ClearingInboxOptions>().BindConfiguration(ClearingInboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClearingInbox>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => ClearingApi.Map(endpoints);

    public IEnumerable<CliVerb> Verbs => [ClearingImportVerb.Verb];

    public IEnumerable<JobDefinition> Jobs => [ClearingInboxJob.Definition];
}
