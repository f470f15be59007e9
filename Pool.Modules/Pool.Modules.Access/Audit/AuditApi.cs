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
            .WithSummary("The audit trail, newest first")
            .WithTags("Access");
    }

    private static async Task<Results<Ok<Page<AuditEntryResponse>>, ValidationProblem>> ListAsync(
        int? limit, string? cursor, AuditStore store, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreate(limit, cursor, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        long? beforeId = null;
        if (page.Cursor is not null)
        {
            if (!long.TryParse(page.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["cursor is not one this API issued."] }, type: ProblemTypes.Validation);
            }

            beforeId = parsed;
        }

        var rows = await store.ListAsync(beforeId, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit)
            .Select(r => new AuditEntryResponse(r.Id.ToString(CultureInfo.InvariantCulture), new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.KeyName, r.Role, r.Action, r.Target, r.Outcome, r.TraceId))
            .ToList();
        var next = rows.Count > page.Limit ? items[^1].Id : null;
        return TypedResults.Ok(new Page<AuditEntryResponse>(items, next));
    }
}

/// <summary>An audit line as the API shows it.</summary>
internal sealed record AuditEntryResponse(string Id, DateTimeOffset At, string KeyName, string? Role, string Action, string Target, int Outcome, string? TraceId);
