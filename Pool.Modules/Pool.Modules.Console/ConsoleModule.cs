using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Console.Http;
using Pool.Modules.Console.Pages;

namespace Pool.Modules.Console;

/// <summary>
/// The back-office console under <c>/console</c>: server-rendered pages over the admin API. It reads and
/// changes nothing itself: every page calls the host's own <c>/api</c> with the signed-in user's session
/// (docs/decisions/0003-console.md), so the API's validation, roles, audit and idempotency apply.
/// </summary>
public sealed class ConsoleModule : IModule
{
    public string Name => "console";

    /// <summary>After every module whose API it calls.</summary>
    public int Order => 90;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "pool-console-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__antiforgery";
        });
        services.AddSingleton<AdminApi>();
        services.AddSingleton<ConsoleMetrics>();
        services.AddSingleton(new StartupNote("Console", "/console on the admin API's address (sign in with an API key)"));
    }

    public void UseMiddleware(IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseAntiforgery();
        // The metrics listener starts with the host, so the overview counts from the start, not from its first view.
        app.ApplicationServices.GetRequiredService<ConsoleMetrics>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    public void MapRootEndpoints(IEndpointRouteBuilder root)
    {
        var console = root.MapGroup("/console").RequireAuthorization(AccessPolicies.Viewer).ExcludeFromDescription();
        ConsoleAssets.Map(console);
        SignInPages.Map(console);
        OverviewPages.Map(console);
        CardholderPages.Map(console);
        CardPages.Map(console);
        AuthorizationPages.Map(console);
        ClearingPages.Map(console);
        JobPages.Map(console);
        AuditPages.Map(console);
    }
}
