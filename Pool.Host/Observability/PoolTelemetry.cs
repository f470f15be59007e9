using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pool.Modules.Abstractions;

namespace Pool.Host.Observability;

/// <summary>
/// OpenTelemetry for the whole host: metrics (ASP.NET Core, Kestrel, runtime, Npgsql and every
/// <c>Pool.*</c> meter, one per module), traces (requests, PostgreSQL, every <c>Pool.*</c> source) and
/// logs. Prometheus scrapes <c>/metrics</c>; OTLP export switches on when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
internal static class PoolTelemetry
{
    /// <summary>The service name reported in every signal.</summary>
    public const string ServiceName = "pool";

    /// <summary>Meters and activity sources of Pool's own code: <c>Pool.Ledger</c>, <c>Pool.Authorization</c>, …</summary>
    public const string PoolWildcard = "Pool.*";

    public static void Add(WebApplicationBuilder builder, IReadOnlyList<IModule> modules)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(PoolTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                .AddMeter("Npgsql")
                .AddMeter(PoolWildcard)
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/metrics") && !context.Request.Path.StartsWithSegments("/health"))
                .AddNpgsql()
                .AddSource(PoolWildcard))
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        _ = modules;
    }

    public static void MapEndpoints(WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
}
