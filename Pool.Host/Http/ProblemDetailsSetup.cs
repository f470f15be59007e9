using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Authorization.Contracts;

namespace Pool.Host.Http;

/// <summary>
/// Every error is an RFC 9457 problem (admin-api.md §1). Exceptions are mapped to problems in this one
/// place; a stable <c>type</c> is filled in from the status where a handler did not set one.
/// </summary>
internal static partial class ProblemDetailsSetup
{
    /// <summary>
    /// <c>Retry-After</c> on a 503 for want of an active engine, in seconds: a standby takes the lease within
    /// a second (Authorization:Hosting:LeaseRetryMs) and loads in seconds, and the admin load balancer's write target group
    /// checks <c>/health/link</c> every 5 s (docs/infra.md "Admin writes go to the active engine"), so a
    /// retry sooner than that would most likely reach the same instance.
    /// </summary>
    public const int EngineUnavailableRetryAfterSeconds = 5;

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Type ??= problem.Status switch
        {
            StatusCodes.Status400BadRequest => ProblemTypes.Validation,
            StatusCodes.Status401Unauthorized => ProblemTypes.Unauthenticated,
            StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
            StatusCodes.Status404NotFound => ProblemTypes.NotFound,
            StatusCodes.Status409Conflict => ProblemTypes.Conflict,
            StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
            _ when problem.Status >= 500 => ProblemTypes.Internal,
            _ => null,
        };
        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (problem.Type == ProblemTypes.EngineUnavailable)
        {
            // Whichever module refused, the client learns when to retry and why this instance could not take it.
            context.HttpContext.Response.Headers.RetryAfter = EngineUnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            if (context.HttpContext.RequestServices.GetService<IEngineStatus>() is { } engine)
            {
                problem.Extensions["engineRole"] = engine.Role;
            }
        }
    }

    /// <summary>Maps exceptions that reach the pipeline: bad request bodies to 400, everything else to 500 without detail.</summary>
    internal sealed partial class ExceptionToProblem(IProblemDetailsService problemDetails, ILogger<ExceptionToProblem> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var problem = new ProblemDetails();
            if (exception is BadHttpRequestException badRequest)
            {
                problem.Status = badRequest.StatusCode;
                problem.Title = "The request could not be read.";
                problem.Detail = badRequest.Message;
                problem.Type = ProblemTypes.Validation;
            }
            else
            {
                LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
                problem.Status = StatusCodes.Status500InternalServerError;
                problem.Title = "An unexpected error occurred.";
                problem.Type = ProblemTypes.Internal;
            }

            httpContext.Response.StatusCode = problem.Status.Value;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            });
        }

        [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
        private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
    }
}
