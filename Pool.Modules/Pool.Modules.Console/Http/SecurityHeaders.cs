using Microsoft.AspNetCore.Http;

namespace Pool.Modules.Console.Http;

/// <summary>
/// The console's security-header baseline: a CSP that allows only our own script and style files (no
/// inline script, no eval), no framing, no MIME sniffing, no referrer, and no caching of pages that
/// show cardholder data.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/console"))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
        }

        return next(context);
    }
}
