using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;

namespace Pool.Tests.Infrastructure;

/// <summary>
/// A module that exists only in tests: an idempotent operator POST that counts how often it really
/// ran, and an admin-only read, so the platform's access, audit and idempotency rules can be tested
/// on their own.
/// </summary>
public sealed class ProbeModule : IModule
{
    private int _runs;

    public string Name => "probe";

    public int Order => 1000;

    public int Runs => Volatile.Read(ref _runs);

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/probe/things", (ThingRequest request) =>
            {
                var run = Interlocked.Increment(ref _runs);
                return TypedResults.Created($"/api/probe/things/{run}", new { run, request.Name });
            })
            .RequireAuthorization(AccessPolicies.Operator)
            .RequireIdempotencyKey();
        endpoints.MapGet("/probe/secret", () => TypedResults.Ok(new { secret = "admin only" }))
            .RequireAuthorization(AccessPolicies.Admin)
            .Audited();
        endpoints.MapGet("/probe/hello", () => TypedResults.Ok(new { hello = "viewer" }));
    }

    public sealed record ThingRequest(string Name);
}
