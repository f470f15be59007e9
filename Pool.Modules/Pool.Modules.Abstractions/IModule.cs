using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pool.Modules.Abstractions;

/// <summary>
/// The one contract through which the host discovers and composes a bounded-context module.
/// A module owns one PostgreSQL schema, its SQL migrations (embedded resources named
/// <c>Migrations/NNNN_name.sql</c>), its services, its endpoints and its health checks.
/// </summary>
public interface IModule
{
    /// <summary>Stable lower-case name, e.g. <c>ledger</c>; also the module's schema and meter suffix.</summary>
    string Name { get; }

    /// <summary>Order in which modules are composed and migrated; lower first. Modules that others build on come first.</summary>
    int Order => 100;

    /// <summary>The assembly whose embedded <c>Migrations/*.sql</c> resources are this module's migrations.</summary>
    Assembly MigrationsAssembly => GetType().Assembly;

    /// <summary>Registers the module's services, options, health checks and hosted services.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Adds middleware the module needs in the request pipeline (after authentication, before endpoints).</summary>
    void UseMiddleware(IApplicationBuilder app)
    {
    }

    /// <summary>Maps the module's endpoints.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>
    /// Maps endpoints outside <c>/api</c> (the back-office console under <c>/console</c>); they get no
    /// role requirement from the host, so the module states its own.
    /// </summary>
    void MapRootEndpoints(IEndpointRouteBuilder root)
    {
    }

    /// <summary>The module's scheduled jobs.</summary>
    IEnumerable<JobDefinition> Jobs => [];

    /// <summary>Operator verbs the host's command line offers for this module (e.g. <c>clearing import</c>).</summary>
    IEnumerable<CliVerb> Verbs => [];

    /// <summary>
    /// Seeds demonstration data when the host starts with <c>--demo</c>; does nothing when the module's
    /// tables already hold data. Writes what a newcomer needs (e.g. a demo card) to <paramref name="output"/>.
    /// </summary>
    Task SeedDemoDataAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken) => Task.CompletedTask;
}
