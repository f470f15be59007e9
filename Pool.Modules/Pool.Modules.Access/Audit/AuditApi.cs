using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;

namespace Pool.Modules.Access.Audit;

/// <summary><c>GET /api/audit</c> (admin): the trail, newest first, cursor-paged.</summary>
internal static class AuditApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/audit", ListAsync)
            .RequireAuthorization(AccessPolicies.Admin)
            .WithName("ListAuditEntries")
            .WithSummary("The audit trail, newest first; filters keyName (exact), action (contains), outcome (HTTP status)")
            .WithTags("Access");
    }

    private static async Task<Results<Ok<Page<AuditEntryResponse>>, ValidationProblem>> ListAsync(
        string? keyName, string? action, string? outcome, int? limit, string? cursor, AuditStore store, CancellationToken cancellationToken)
    {
        var valid = IdCursor.TryRead(limit, cursor, out var pageLimit, out var beforeId, out var errors);
        int? status = null;
        if (!string.IsNullOrEmpty(outcome))
        {
            if (int.TryParse(outcome, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 100 and <= 599)
            {
                status = parsed;
            }
            else
            {
                errors["outcome"] = ["outcome must be an HTTP status code, 100 to 599."];
                valid = false;
            }
        }

        if (keyName is { Length: > 200 } || action is { Length: > 200 })
        {
            errors[keyName is { Length: > 200 } ? "keyName" : "action"] = ["at most 200 characters."];
            valid = false;
        }

        if (!valid)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var rows = await store.ListAsync(NullIfEmpty(keyName), NullIfEmpty(action), status, beforeId, pageLimit + 1, cancellationToken);
        return TypedResults.Ok(IdCursor.ToPage(rows, pageLimit, r => r.Id, r => new AuditEntryResponse(
            r.Id.ToString(CultureInfo.InvariantCulture), new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.KeyName, r.Role, r.Action, r.Target, r.Outcome, r.TraceId)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>An audit line as the API shows it.</summary>
internal sealed record AuditEntryResponse(string Id, DateTimeOffset At, string KeyName, string? Role, string Action, string Target, int Outcome, string? TraceId);
