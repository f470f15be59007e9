using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Access.ApiKeys;
using Pool.Modules.Access.Audit;
using Pool.Modules.Access.Console;
using Pool.Modules.Access.Contracts;
using Pool.Modules.Access.Idempotency;

namespace Pool.Modules.Access;

/// <summary>
/// Access: API keys and roles (admin-api.md §2), the audit trail, idempotent requests and the admin
/// API's rate limit. It owns the security part of the request pipeline.
/// </summary>
public sealed class AccessModule : IModule
{
    public string Name => "access";

    public int Order => 10;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<DevelopmentAdminKey>();
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<ApiKeyStoreWarmUp>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton(provider =>
        {
            var environment = provider.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>();
            var configured = provider.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKeys.Count > 0;
            return new StartupNote("Admin key", configured || !Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions.IsDevelopment(environment)
                ? "from Admin:ApiKeys"
                : provider.GetRequiredService<DevelopmentAdminKey>().Path);
        });

        var authentication = services.AddAuthentication(ConsoleCookieSetup.SelectorScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        ConsoleCookieSetup.Add(authentication);
        services.AddSingleton<IConsoleSessions, ConsoleSessions>();
        // Cookies and antiforgery tokens are protected with keys every instance shares (in this module's schema).
        services.AddDataProtection().SetApplicationName("pool");
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<Npgsql.NpgsqlDataSource>((options, dataSource) => options.XmlRepository = new DataProtectionKeyStore(dataSource));
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessPolicies.Viewer, policy => policy.RequireRole(AccessPolicies.Viewer, AccessPolicies.Operator, AccessPolicies.Admin))
            .AddPolicy(AccessPolicies.Operator, policy => policy.RequireRole(AccessPolicies.Operator, AccessPolicies.Admin))
            .AddPolicy(AccessPolicies.Admin, policy => policy.RequireRole(AccessPolicies.Admin));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // The admin API, and the console's sign-in (a key guessed there is a key guessed), per key or address.
                if (!context.Request.Path.StartsWithSegments("/api")
                    && !(context.Request.Path.StartsWithSegments(ConsoleAuthentication.SignInPath) && HttpMethods.IsPost(context.Request.Method)))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var limits = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.RateLimit;
                var partition = context.User.Identity?.IsAuthenticated == true
                    ? "key:" + context.User.KeyName()
                    : "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = limits.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = ProblemTypes.RateLimited,
                        Title = "Too many requests.",
                        Detail = "This API key has sent more requests than Admin:RateLimit allows; retry later.",
                    },
                });
            };
        });
    }

    public void UseMiddleware(IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<AuditMiddleware>();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => AuditApi.Map(endpoints);
}
