using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pool.Modules.Authorization;

/// <summary>
/// The hosting side's telemetry: a span per journal commit (never per message) on the
/// <c>Pool.Authorization</c> source, and gauges for the engine's role and lease epoch on the
/// <c>Pool.Authorization.Hosting</c> meter (the engine's own meter has decisions and commits).
/// </summary>
internal sealed class AuthorizationTelemetry : IDisposable
{
    public const string SourceName = "Pool.Authorization";
    public const string MeterName = "Pool.Authorization.Hosting";

    public static readonly ActivitySource Source = new(SourceName);

    private readonly Meter _meter;

    public AuthorizationTelemetry(Func<int> role, Func<long> epoch)
    {
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("pool.authorization.engine.role", role, "{role}", "1 when this instance's engine is active (holds the lease and decides), 0 when standby or loading.");
        _meter.CreateObservableGauge("pool.authorization.lease.epoch", epoch, "{epoch}", "The lease epoch this instance holds (0 when none); every journal commit is fenced by it.");
    }

    public void Dispose() => _meter.Dispose();
}
