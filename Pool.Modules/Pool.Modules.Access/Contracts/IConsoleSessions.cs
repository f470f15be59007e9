using Microsoft.AspNetCore.Http;

namespace Pool.Modules.Access.Contracts;

/// <summary>
/// Console sign-in: an API key exchanged for a cookie session that the admin API accepts under the same
/// role policies. The key itself is never stored: the cookie (data-protected) carries the key's name,
/// role and a session stamp derived from its hash, checked on every request.
/// </summary>
public interface IConsoleSessions
{
    /// <summary>Checks <paramref name="apiKey"/>; when it is a configured key, signs the caller in and returns its role, otherwise null. Either way, written to the audit trail.</summary>
    Task<string?> SignInAsync(HttpContext context, string apiKey);

    /// <summary>Ends the caller's console session.</summary>
    Task SignOutAsync(HttpContext context);
}
