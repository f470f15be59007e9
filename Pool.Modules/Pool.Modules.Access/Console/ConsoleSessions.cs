using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Pool.Modules.Access.ApiKeys;
using Pool.Modules.Access.Audit;
using Pool.Modules.Access.Contracts;

namespace Pool.Modules.Access.Console;

/// <summary>Signs a console user in with an API key: the cookie gets the key's name, role and session stamp, never the key.</summary>
internal sealed class ConsoleSessions(ApiKeyStore keys, AuditStore audit, TimeProvider time) : IConsoleSessions
{
    /// <summary>Longest key read, in characters (as the bearer header's limit).</summary>
    private const int KeyLengthMax = 512;

    public async Task<string?> SignInAsync(HttpContext context, string apiKey)
    {
        var key = apiKey.Trim();
        if (key.Length is 0 or > KeyLengthMax || !keys.TryFind(key, out var name, out var role, out var stamp))
        {
            await RecordAsync(context, "anonymous", null, StatusCodes.Status401Unauthorized);
            return null;
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(ConsoleSessionOptions.StampClaim, stamp)],
            ConsoleAuthentication.Scheme);
        await context.SignInAsync(ConsoleAuthentication.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        await RecordAsync(context, name, role, StatusCodes.Status303SeeOther);
        return role;
    }

    public Task SignOutAsync(HttpContext context) => context.SignOutAsync(ConsoleAuthentication.Scheme);

    private Task RecordAsync(HttpContext context, string keyName, string? role, int outcome) =>
        audit.AppendAsync(time.GetUtcNow(), keyName, role, "POST " + ConsoleAuthentication.SignInPath, ConsoleAuthentication.SignInPath, outcome, Activity.Current?.TraceId.ToString(), CancellationToken.None);
}
