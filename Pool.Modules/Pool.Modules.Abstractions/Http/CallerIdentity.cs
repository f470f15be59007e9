using System.Security.Claims;

namespace Pool.Modules.Abstractions.Http;

/// <summary>Who is calling: the API key's configured name and role (admin-api.md §2).</summary>
public static class CallerIdentity
{
    /// <summary>The key's name, as recorded in the audit trail; never the key.</summary>
    public static string KeyName(this ClaimsPrincipal principal) =>
        principal.Identity?.Name ?? "anonymous";
}
