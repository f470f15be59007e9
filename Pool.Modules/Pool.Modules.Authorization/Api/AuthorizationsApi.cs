using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Authorization.Persistence;

namespace Pool.Modules.Authorization.Api;

/// <summary>The authorization log under <c>/api</c> (admin-api.md §3), for viewers: newest first, cursor-paged.</summary>
internal static class AuthorizationsApi
{
    private const string Tag = "Authorizations";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/authorizations", ListAsync)
            .WithName("ListAuthorizations")
            .WithSummary("Authorizations of a card or a cardholder, newest first, cursor-paged")
            .WithTags(Tag);
        api.MapGet("/authorizations/{id}", GetAsync)
            .WithName("GetAuthorization")
            .WithSummary("One authorization")
            .WithTags(Tag);
    }

    private static async Task<Results<Ok<Page<AuthorizationResponse>>, ValidationProblem>> ListAsync(
        string? cardId, string? cardholderId, string? responseCode, string? status, string? from, string? to, int? limit, string? cursor,
        NpgsqlDataSource dataSource, JournalProjector projector, CancellationToken cancellationToken)
    {
        if (!PageRequest.TryCreateBeforeId(limit, cursor, out var page, out var beforeId, out var errors)
            | !TryReadFilter(cardId, cardholderId, responseCode, status, from, to, errors, out var filter))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        await projector.WaitAsync(cancellationToken);
        var rows = await AuthorizationLogStore.PageAsync(dataSource, filter, beforeId, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit).Select(AuthorizationResponse.From).ToList();
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<AuthorizationResponse>(items, next));
    }

    /// <summary>
    /// The added filters (docs/engine.md "Authorization log API"): responseCode two digits, status one of admin-api.md §3's,
    /// from/to RFC 3339 times with an offset (from inclusive, to exclusive, from before to). Every bad field is named.
    /// </summary>
    private static bool TryReadFilter(
        string? cardId, string? cardholderId, string? responseCode, string? status, string? from, string? to, IDictionary<string, string[]> errors, out AuthorizationFilter filter)
    {
        short? code = null;
        if (!string.IsNullOrEmpty(responseCode))
        {
            if (responseCode.Length == 2 && short.TryParse(responseCode, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                code = parsed;
            }
            else
            {
                errors["responseCode"] = ["responseCode must be two digits (DE39), for example 51."];
            }
        }

        if (!string.IsNullOrEmpty(status) && !AuthorizationLogStore.Statuses.Contains(status))
        {
            errors["status"] = [$"status must be one of {string.Join(", ", AuthorizationLogStore.Statuses)}."];
        }

        var fromUtc = ReadTime(from, "from", errors);
        var toUtc = ReadTime(to, "to", errors);
        if (fromUtc is { } f && toUtc is { } t && f >= t)
        {
            errors["to"] = ["to must be after from."];
        }

        filter = new AuthorizationFilter(NullIfEmpty(cardId), NullIfEmpty(cardholderId), code, NullIfEmpty(status), fromUtc, toUtc);
        return errors.Count == 0;
    }

    private static DateTimeOffset? ReadTime(string? text, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // An offset is required: a time without one would depend on the server's zone.
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var kind) && kind.Kind != DateTimeKind.Unspecified
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return parsed;
        }

        errors[field] = [$"{field} must be an RFC 3339 time with an offset, for example 2026-11-25T00:00:00+09:00."];
        return null;
    }

    private static async Task<Results<Ok<AuthorizationDetailResponse>, ProblemHttpResult>> GetAsync(string id, NpgsqlDataSource dataSource, JournalProjector projector, CancellationToken cancellationToken)
    {
        await projector.WaitAsync(cancellationToken);
        if (!AuthorizationLogStore.TryParseId(id, out var logId) || await AuthorizationLogStore.FindAsync(dataSource, logId, cancellationToken) is not { } row)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such authorization.", detail: $"There is no authorization {id}.");
        }

        var related = await AuthorizationLogStore.RelatedAsync(dataSource, logId, cancellationToken);
        return TypedResults.Ok(AuthorizationDetailResponse.From(row, related));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
