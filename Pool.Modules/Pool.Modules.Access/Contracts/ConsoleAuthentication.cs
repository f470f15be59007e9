namespace Pool.Modules.Access.Contracts;

/// <summary>Names the console shares with the Access module's cookie scheme.</summary>
public static class ConsoleAuthentication
{
    /// <summary>The cookie authentication scheme of console sessions.</summary>
    public const string Scheme = "ConsoleCookie";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "pool-console";

    /// <summary>
    /// The header a console call to <c>/api</c> carries beside the cookie. A browser sends no custom
    /// header cross-site without a CORS preflight (which Pool never grants), so a cookie alone, as a forged
    /// cross-site request would carry, never authenticates an API call.
    /// </summary>
    public const string ApiHeader = "X-Pool-Console";

    /// <summary>Where an unauthenticated console request is sent.</summary>
    public const string SignInPath = "/console/sign-in";
}
