using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Pool.Modules.Abstractions.Http;

namespace Pool.Modules.Access.Audit;

/// <summary>
/// Writes every admin API request that may change something (any method but GET, HEAD and OPTIONS),
/// and reads marked <see cref="AuditedAttribute"/>, to the audit trail once it has been answered:
/// the key's name (or <c>anonymous</c>), the action (method and route), the target (the path), the
/// outcome (the status code; refused requests included) and the time.
/// </summary>
internal sealed partial class AuditMiddleware(RequestDelegate next, AuditStore store, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ShouldAudit(context))
        {
            await next(context);
            return;
        }

        var outcome = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            outcome = context.Response.StatusCode;
        }
        finally
        {
            await RecordAsync(context, outcome);
        }
    }

    private static bool ShouldAudit(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }

        var method = context.Request.Method;
        return !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            || context.GetEndpoint()?.Metadata.GetMetadata<AuditedAttribute>() is not null;
    }

    private async Task RecordAsync(HttpContext context, int outcome)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var action = $"{context.Request.Method} {(route is null ? context.Request.Path.Value : "/" + route.TrimStart('/'))}";
        try
        {
            // The request may have been cancelled by the client; the audit line is still written.
            await store.AppendAsync(
                time.GetUtcNow(),
                context.User.Identity?.IsAuthenticated == true ? context.User.KeyName() : "anonymous",
                context.User.FindFirstValue(ClaimTypes.Role),
                action,
                context.Request.Path.Value ?? "",
                outcome,
                Activity.Current?.TraceId.ToString(),
                CancellationToken.None);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            LogAuditFailed(logger, action, outcome, exception);
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Could not write the audit line for {Action} ({Outcome})")]
    private static partial void LogAuditFailed(ILogger logger, string action, int outcome, Exception exception);
}
