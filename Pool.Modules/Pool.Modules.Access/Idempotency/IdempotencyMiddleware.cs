using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Pool.Modules.Abstractions.Http;

namespace Pool.Modules.Access.Idempotency;

/// <summary>
/// For endpoints marked <see cref="IdempotentAttribute"/> (admin-api.md §1): the request must carry an
/// <c>Idempotency-Key</c>; the first request with a key runs and its answer is stored; a repeat with
/// the same key and the same request gets that answer again (with <c>Idempotent-Replayed: true</c>) and
/// does nothing else. The same key with a different request is 422; a repeat while the first is still
/// running is 409. Keys are scoped to the calling API key. Answers 5xx are not stored: they changed nothing.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, TimeProvider time, IProblemDetailsService problems)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>Largest request body hashed and replayed, in bytes; idempotent admin requests are small JSON.</summary>
    public const int BodyBytesMax = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        var idempotencyKey = context.Request.Headers[IdempotentAttribute.HeaderName].ToString();
        if (idempotencyKey.Length == 0 || idempotencyKey.Length > IdempotentAttribute.KeyLengthMax)
        {
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, ProblemTypes.IdempotencyKeyRequired,
                $"An {IdempotentAttribute.HeaderName} header of 1 to {IdempotentAttribute.KeyLengthMax} characters is required.",
                new Dictionary<string, string[]> { [IdempotentAttribute.HeaderName] = ["required, 1 to 255 characters"] });
            return;
        }

        var requestHash = await HashRequestAsync(context.Request);
        if (requestHash is null)
        {
            await WriteProblemAsync(context, StatusCodes.Status413PayloadTooLarge, ProblemTypes.Validation, $"An idempotent request body may be at most {BodyBytesMax} bytes.", null);
            return;
        }

        var keyName = context.User.KeyName();
        if (!await store.TryClaimAsync(keyName, idempotencyKey, requestHash, time.GetUtcNow(), context.RequestAborted))
        {
            await AnswerRepeatAsync(context, keyName, idempotencyKey, requestHash);
            return;
        }

        var originalBody = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = originalBody;
            var status = context.Response.StatusCode;
            if (completed && status < 500)
            {
                await store.CompleteAsync(keyName, idempotencyKey, time.GetUtcNow(), status, context.Response.ContentType, context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null, captured.ToArray());
            }
            else
            {
                await store.ReleaseAsync(keyName, idempotencyKey);
            }

            if (completed)
            {
                captured.Position = 0;
                await captured.CopyToAsync(originalBody, context.RequestAborted);
            }
        }
    }

    private async Task AnswerRepeatAsync(HttpContext context, string keyName, string idempotencyKey, byte[] requestHash)
    {
        var stored = await store.FindAsync(keyName, idempotencyKey, context.RequestAborted);
        if (stored is null)
        {
            // The first request failed and released its claim between our claim and our read: the client may retry.
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, ProblemTypes.IdempotencyKeyInUse, "The first request with this key did not complete; retry.", null);
            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(stored.RequestHash, requestHash))
        {
            await WriteProblemAsync(context, StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                "This Idempotency-Key was used for a different request.", null);
            return;
        }

        if (!stored.Completed)
        {
            await WriteProblemAsync(context, StatusCodes.Status409Conflict, ProblemTypes.IdempotencyKeyInUse,
                "A request with this Idempotency-Key is still being processed.", null);
            return;
        }

        context.Response.StatusCode = stored.StatusCode!.Value;
        context.Response.Headers[ReplayedHeader] = "true";
        if (stored.ContentType is not null)
        {
            context.Response.ContentType = stored.ContentType;
        }

        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        if (stored.Body is { Length: > 0 })
        {
            await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
        }
    }

    /// <summary>SHA-256 over method, path, query and body; null when the body is over the limit.</summary>
    private static async Task<byte[]?> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering(BodyBytesMax);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        var total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            total += read;
            if (total > BodyBytesMax)
            {
                return null;
            }

            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }

    private Task WriteProblemAsync(HttpContext context, int status, string type, string detail, IDictionary<string, string[]>? errors)
    {
        context.Response.StatusCode = status;
        ProblemDetails problem = errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Type = type;
        problem.Title = status switch
        {
            StatusCodes.Status400BadRequest => "Idempotency-Key is required.",
            StatusCodes.Status409Conflict => "The request is in progress.",
            StatusCodes.Status422UnprocessableEntity => "Idempotency-Key reused.",
            _ => "The request was refused.",
        };
        problem.Detail = detail;
        return problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }
}
