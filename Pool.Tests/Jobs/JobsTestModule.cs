using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pool.Modules.Abstractions;

namespace Pool.Tests.Jobs;

/// <summary>
/// A module that exists only in tests: it declares the given jobs and replaces the host's clock with a
/// fake one, so schedules are driven by advancing time rather than by waiting.
/// </summary>
public sealed class JobsTestModule(FakeTimeProvider time, params RecordingJob[] jobs) : IModule
{
    public string Name => "jobstest";

    // After every real module, so its clock is the one the host resolves.
    public int Order => 1000;

    /// <summary>The jobs the real modules declare (admin-api.md §3).</summary>
    public static readonly string[] ModuleJobs = ["hold-expiry", "clearing-inbox", "yield-accrual", "yield-credit", "cashback-credit", "ledger-check"];

    public IEnumerable<JobDefinition> Jobs => jobs.Select(j => j.Definition);

    /// <summary>Settings that switch off the schedules of the modules' own jobs, for tests that count every run a tick starts.</summary>
    public static Dictionary<string, string?> ModuleSchedulesOff() =>
        ModuleJobs.ToDictionary(name => $"Jobs:Schedules:{name}:Enabled", _ => (string?)"false");

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<TimeProvider>(time);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
