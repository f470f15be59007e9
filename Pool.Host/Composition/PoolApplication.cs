using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Host.Database;
using Pool.Host.Http;
using Pool.Host.Observability;
using Pool.Modules.Abstractions;
using Scalar.AspNetCore;

namespace Pool.Host.Composition;

/// <summary>
/// The composed host: configuration, the database (embedded or configured), every discovered module's
/// services, middleware and endpoints, health, telemetry, problem details and the API reference.
/// Used by <see cref="PoolProgram"/> and by the end-to-end tests, which start it on free ports.
/// </summary>
public sealed class PoolApplication : IAsyncDisposable
{
    /// <summary>Where the admin API listens when neither ASPNETCORE_URLS nor --urls says (admin-api.md §4).</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    private readonly PostgresCluster? _embedded;
    private bool _started;

    private PoolApplication(WebApplication app, IReadOnlyList<IModule> modules, PostgresCluster? embedded, string connectionString)
    {
        App = app;
        Modules = modules;
        _embedded = embedded;
        ConnectionString = connectionString;
    }

    public WebApplication App { get; }

    public IReadOnlyList<IModule> Modules { get; }

    /// <summary>The database the host uses (with its password: never log it).</summary>
    public string ConnectionString { get; }

    /// <summary>True when the host runs its own PostgreSQL cluster.</summary>
    public bool UsesEmbeddedDatabase => _embedded is not null;

    /// <summary>
    /// Builds the host. <paramref name="configure"/> lets tests add configuration (connection string,
    /// keys, ports) before anything reads it.
    /// </summary>
    public static async Task<PoolApplication> CreateAsync(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default,
        IReadOnlyList<IModule>? additionalModules = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings*.json ship beside the binaries; the local state folder stays in the working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        ConfigureLogging(builder);
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        var modules = ModuleCatalog.Discover().Concat(additionalModules ?? []).OrderBy(m => m.Order).ToList();
        var (connectionString, embedded) = await DatabaseConnection.ResolveAsync(builder.Configuration, cancellationToken);
        try
        {
            builder.Configuration[$"ConnectionStrings:{DatabaseConnection.ConnectionStringName}"] = connectionString;
            AddServices(builder, modules, connectionString);
            var app = builder.Build();
            ConfigurePipeline(app, modules);
            return new PoolApplication(app, modules, embedded, connectionString);
        }
        catch
        {
            if (embedded is not null)
            {
                await embedded.StopAsync();
            }

            throw;
        }
    }

    /// <summary>Applies every module's pending migrations; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var runner = App.Services.GetRequiredService<MigrationRunner>();
        var migrations = Modules.SelectMany(MigrationRunner.Discover).ToList();
        var applied = await runner.ApplyAsync(migrations, cancellationToken);
        return applied.Count;
    }

    /// <summary>Migrates when configured to, then starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (App.Services.GetRequiredService<IOptions<PoolHostOptions>>().Value.MigrateOnStart)
        {
            await MigrateAsync(cancellationToken);
        }

        await App.StartAsync(cancellationToken);
        _started = true;
        App.Services.GetRequiredService<KestrelEndpoints>().PublishBoundAddresses();
    }

    /// <summary>The admin API's base addresses once started (port 0 resolved to the real port).</summary>
    public IReadOnlyList<Uri> ApiAddresses
    {
        get
        {
            var tcp = App.Services.GetServices<TcpEndpoint>().Select(t => t.Bound).OfType<System.Net.IPEndPoint>().ToHashSet();
            return App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => new Uri(a))
                .Where(uri => !tcp.Any(t => t.Port == uri.Port))
                .ToList() ?? [];
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A host whose start failed (bad configuration) has nothing to stop.
            if (_started)
            {
                await App.StopAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            await App.DisposeAsync();
            if (_embedded is not null)
            {
                await _embedded.StopAsync();
            }
        }
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        }
        else
        {
            // Structured JSON, one object per line, for the log router outside Development.
            builder.Logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.IncludeScopes = true;
            });
        }
    }

    private static void AddServices(WebApplicationBuilder builder, IReadOnlyList<IModule> modules, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<PoolHostOptions>().BindConfiguration(PoolHostOptions.Section).ValidateOnStart();
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ =>
        {
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
            dataSourceBuilder.ConfigureTracing(tracing => tracing.EnableFirstResponseEvent(false));
            return dataSourceBuilder.Build();
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(modules);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsSetup.Customize);
        services.AddExceptionHandler<ProblemDetailsSetup.ExceptionToProblem>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        services.AddOpenApi(options => options.AddDocumentTransformer<OpenApiSecurity>());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
        PoolTelemetry.Add(builder, modules);

        foreach (var module in modules)
        {
            module.AddServices(services, builder.Configuration);
        }

        var urls = builder.Configuration["urls"] is { Length: > 0 } configured ? configured : DefaultUrls;
        services.AddSingleton<KestrelEndpoints>();
        services.AddOptions<KestrelServerOptions>().Configure<KestrelEndpoints>((kestrel, endpoints) => endpoints.Configure(kestrel, urls));
    }

    private static void ConfigurePipeline(WebApplication app, IReadOnlyList<IModule> modules)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        foreach (var module in modules)
        {
            module.UseMiddleware(app);
        }

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        // Only the active engine passes: the network's redundant connections are sent to it (ARCHITECTURE §5).
        app.MapHealthChecks("/health/link", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Link),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        PoolTelemetry.MapEndpoints(app);
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/reference", options => options.WithTitle("Pool admin API")).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/reference")).ExcludeFromDescription().AllowAnonymous();

        var api = app.MapGroup("/api").RequireAuthorization(AccessPolicies.Viewer);
        foreach (var module in modules)
        {
            module.MapEndpoints(api);
        }

        foreach (var module in modules)
        {
            module.MapRootEndpoints(app);
        }
    }
}
