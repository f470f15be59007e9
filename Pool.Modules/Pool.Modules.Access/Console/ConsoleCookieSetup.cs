using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pool.Modules.Access.ApiKeys;
using Pool.Modules.Access.Contracts;

namespace Pool.Modules.Access.Console;

/// <summary>
/// The console's cookie scheme and the selector that lets the admin API accept it: a request with an
/// Authorization header is the API key's; a console page, or an API call carrying
/// <see cref="ConsoleAuthentication.ApiHeader"/>, is the cookie's. The same role policies then apply.
/// </summary>
internal static class ConsoleCookieSetup
{
    public const string SelectorScheme = "Pool";

    public static void Add(AuthenticationBuilder authentication)
    {
        // Secure outside Development, where the console is served over HTTPS (behind the load balancer).
        authentication.Services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.Scheme)
            .Configure<IHostEnvironment>((options, environment) =>
                options.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        authentication.AddPolicyScheme(SelectorScheme, "API key or console session", options => options.ForwardDefaultSelector = Select);
        authentication.AddCookie(ConsoleAuthentication.Scheme, options =>
        {
            options.Cookie.Name = ConsoleAuthentication.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(ConsoleSessionOptions.IdleMinutes);
            options.SlidingExpiration = true;
            options.LoginPath = ConsoleAuthentication.SignInPath;
            options.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateAsync,
                OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden),
            };
        });
    }

    private static string Select(HttpContext context)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            return ApiKeyAuthenticationHandler.SchemeName;
        }

        var path = context.Request.Path;
        if (path.StartsWithSegments("/console")
            || (path.StartsWithSegments("/api") && context.Request.Headers.ContainsKey(ConsoleAuthentication.ApiHeader)))
        {
            return ConsoleAuthentication.Scheme;
        }

        return ApiKeyAuthenticationHandler.SchemeName;
    }

    /// <summary>A key removed from configuration or replaced (a new key under the same name) ends its sessions at the next request.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeyStore>();
        var name = principal?.Identity?.Name;
        var role = principal?.FindFirstValue(ClaimTypes.Role);
        var stamp = principal?.FindFirstValue(ConsoleSessionOptions.StampClaim);
        if (name is null || role is null || stamp is null || !keys.IsCurrent(name, role, stamp))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        }
    }

    /// <summary>An API call answers 401/403 (the console turns them into pages); a console page without a session goes to sign-in.</summary>
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/api") && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
