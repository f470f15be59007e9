using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// <c>/health/ready</c>: healthy when the engine is active or a standby (a standby is ready to take over;
/// it is live and serves reads), unhealthy while starting or loading.
/// </summary>
internal sealed class EngineReadyHealthCheck(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Role switch
        {
            EngineRole.Active => HealthCheckResult.Healthy($"Engine active (epoch {host.Engine?.Epoch})."),
            EngineRole.Standby => HealthCheckResult.Healthy("Engine standby: another instance holds the lease."),
            var role => HealthCheckResult.Unhealthy($"Engine {role.ToString().ToLowerInvariant()}."),
        });
}

/// <summary><c>/health/link</c>: only the active engine passes, so the network's connections go to it (ARCHITECTURE §5).</summary>
internal sealed class EngineLinkHealthCheck(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(host.Engine is { IsAccepting: true } engine
            ? HealthCheckResult.Healthy($"Engine active (epoch {engine.Epoch}).")
            : HealthCheckResult.Unhealthy($"Engine {host.Role.ToString().ToLowerInvariant()}: this instance does not decide."));
}
