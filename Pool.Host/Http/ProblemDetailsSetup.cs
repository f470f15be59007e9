using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Pool.Modules.Abstractions.Http;

namespace Pool.Host.Http;

/// <summary>
/// Every error is an RFC 9457 problem (admin-api.md §1). Exceptions are mapped to problems in this one
/// place; a stable <c>type</c> is filled in from the status where a handler did not set one.
/// </summary>
internal static partial class ProblemDetailsSetup
{
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
