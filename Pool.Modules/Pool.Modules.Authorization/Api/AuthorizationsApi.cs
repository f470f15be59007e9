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
        string? cardId, string? cardholderId, int? limit, string? cursor, NpgsqlDataSource dataSource, JournalProjector projector, CancellationToken cancellationToken)
    {
        await projector.WaitAsync(cancellationToken);
        if (!PageRequest.TryCreateBeforeId(limit, cursor, out var page, out var beforeId, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        var rows = await AuthorizationLogStore.PageAsync(dataSource, NullIfEmpty(cardId), NullIfEmpty(cardholderId), beforeId, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit).Select(AuthorizationResponse.From).ToList();
        var next = rows.Count > page.Limit ? rows[page.Limit - 1].Id.ToString(CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<AuthorizationResponse>(items, next));
    }

    private static async Task<Results<Ok<AuthorizationResponse>, ProblemHttpResult>> GetAsync(string id, NpgsqlDataSource dataSource, JournalProjector projector, CancellationToken cancellationToken)
    {
        await projector.WaitAsync(cancellationToken);
        if (!AuthorizationLogStore.TryParseId(id, out var logId) || await AuthorizationLogStore.FindAsync(dataSource, logId, cancellationToken) is not { } row)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such authorization.", detail: $"There is no authorization {id}.");
        }

        return TypedResults.Ok(AuthorizationResponse.From(row));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
