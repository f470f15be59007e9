using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;
using Pool.Modules.Cards.Persistence;

namespace Pool.Modules.Cards.Api;

/// <summary>
/// The Cards endpoints (admin-api.md §3) and the back-office reads beside them. Every refusal is a
/// problem with a stable type; validation problems name the JSON field.
/// </summary>
internal static class CardsApi
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var cardholders = api.MapGroup("/cardholders").WithTags("Cardholders");
        cardholders.MapPost("", CreateCardholderAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .RequireIdempotencyKey()
            .WithName("CreateCardholder")
            .WithSummary("Creates a cardholder and opens its deposit account.");
        cardholders.MapGet("", SearchCardholdersAsync)
            .WithName("SearchCardholders")
            .WithSummary("Cardholders whose name contains ?name= (case-insensitive), paged.");
        cardholders.MapGet("/{id}", GetCardholderAsync)
            .WithName("GetCardholder")
            .WithSummary("A cardholder.");
        // Idempotent through the Cards module itself, not RequireIdempotencyKey(): the Access module's
        // store would keep this answer, and with it the PAN, in clear (see CardIssuer).
        cardholders.MapPost("/{id}/cards", IssueCardAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .WithName("IssueCard")
            .WithSummary("Issues a card; the only answer with the full PAN. Takes an Idempotency-Key.");
        cardholders.MapGet("/{id}/cards", ListCardsAsync)
            .WithName("ListCards")
            .WithSummary("A cardholder's cards in issue order, paged.");

        var cards = api.MapGroup("/cards").WithTags("Cards");
        cards.MapGet("", FindByBinAndLast4Async)
            .WithName("FindCardsByBinAndLast4")
            .WithSummary("Cards with ?bin= (6 digits) and ?last4= (4 digits), in issue order, paged.");
        cards.MapPost("/search", FindByPanAsync)
            .RequireAuthorization(AccessPolicies.Admin)
            .WithName("FindCardByPan")
            .WithSummary("The card with this full PAN (admin; the PAN goes in the body, looked up through the vault's keyed hash; audited). The answer has no PAN.");
        cards.MapGet("/{id}", GetCardAsync)
            .WithName("GetCard")
            .WithSummary("A card, without its PAN.");
        cards.MapPut("/{id}/status", ChangeStatusAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .WithName("ChangeCardStatus")
            .WithSummary("Changes the card's status as admin-api.md §3 allows; 409 otherwise.");
        cards.MapPut("/{id}/controls", SetControlsAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .WithName("SetCardControls")
            .WithSummary("Replaces the card's controls.");
        cards.MapPost("/{id}/replacement", ReplaceCardAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .WithName("ReplaceCard")
            .WithSummary("Issues a new card in place of a lost or stolen one (same cardholder and controls); takes an Idempotency-Key.");
        cards.MapGet("/{id}/pan", ReadPanAsync)
            .RequireAuthorization(AccessPolicies.Admin)
            .Audited()
            .WithName("ReadCardPan")
            .WithSummary("The card's full PAN (admin; audited).");
    }

    private static async Task<Results<Created<CardholderResponse>, ValidationProblem>> CreateCardholderAsync(
        CreateCardholderRequest request, CardholderService service, CancellationToken cancellationToken)
    {
        var name = request.Name?.Trim();
        if (name is not { Length: > 0 and <= CardholderService.NameLengthMax } || name.Any(char.IsControl))
        {
            return Invalid("name", $"name is required: 1 to {CardholderService.NameLengthMax} characters, no control characters.");
        }

        var cardholder = await service.CreateAsync(name, cancellationToken);
        return TypedResults.Created($"/api/cardholders/{cardholder.Id}", CardholderResponse.From(cardholder));
    }

    private static async Task<Results<Ok<CardholderResponse>, ProblemHttpResult>> GetCardholderAsync(
        string id, CardholderStore cardholders, CancellationToken cancellationToken)
    {
        var cardholder = await cardholders.FindAsync(id, cancellationToken);
        return cardholder is null ? NoSuch("cardholder", id) : TypedResults.Ok(CardholderResponse.From(cardholder));
    }

    private static async Task<Results<Ok<Page<CardholderResponse>>, ValidationProblem>> SearchCardholdersAsync(
        string? name, int? limit, string? cursor, CardholderStore cardholders, CancellationToken cancellationToken)
    {
        if (!TryReadPage(limit, cursor, out var page, out var afterSeq, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        if (name is { Length: > CardholderService.NameLengthMax })
        {
            return Invalid("name", $"name may be at most {CardholderService.NameLengthMax} characters.");
        }

        var rows = await cardholders.SearchAsync(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), afterSeq, page.Limit, cancellationToken);
        return TypedResults.Ok(ToPage(rows, page.Limit, r => r.Seq, CardholderResponse.From));
    }

    private static async Task<Results<Created<IssuedCardResponse>, ValidationProblem, ProblemHttpResult>> IssueCardAsync(
        string id, HttpContext context, CardIssuer issuer, CancellationToken cancellationToken)
    {
        if (!TryReadIssueKey(context, IssueKey.IssueRequest(id), out var key, out var missing))
        {
            return missing;
        }

        var result = await issuer.IssueAsync(id, key, cancellationToken);
        return result.Outcome == IssueOutcome.NotFound ? NoSuch("cardholder", id) : IssuingAnswer(context, result);
    }

    private static async Task<Results<Ok<Page<CardResponse>>, ValidationProblem, ProblemHttpResult>> ListCardsAsync(
        string id, int? limit, string? cursor, CardholderStore cardholders, CardStore cards, CancellationToken cancellationToken)
    {
        if (!TryReadPage(limit, cursor, out var page, out var afterSeq, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        if (await cardholders.FindAsync(id, cancellationToken) is null)
        {
            return NoSuch("cardholder", id);
        }

        var rows = await cards.ListAsync(id, afterSeq, page.Limit, cancellationToken);
        return TypedResults.Ok(ToPage(rows, page.Limit, r => r.Seq, CardResponse.From));
    }

    private static async Task<Results<Ok<Page<CardResponse>>, ValidationProblem>> FindByBinAndLast4Async(
        string? bin, string? last4, int? limit, string? cursor, CardStore cards, CancellationToken cancellationToken)
    {
        if (!TryReadPage(limit, cursor, out var page, out var afterSeq, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        if (bin is not { Length: 6 } || !bin.All(char.IsAsciiDigit))
        {
            return Invalid("bin", "bin is required: the card number's first 6 digits.");
        }

        if (last4 is not { Length: 4 } || !last4.All(char.IsAsciiDigit))
        {
            return Invalid("last4", "last4 is required: the card number's last 4 digits.");
        }

        var rows = await cards.ListByBinAndLast4Async(bin, last4, afterSeq, page.Limit, cancellationToken);
        return TypedResults.Ok(ToPage(rows, page.Limit, r => r.Seq, CardResponse.From));
    }

    private static async Task<Results<Ok<CardResponse>, ValidationProblem, ProblemHttpResult>> FindByPanAsync(
        PanSearchRequest request, ICardDirectory directory, CardStore cards, CancellationToken cancellationToken)
    {
        // The card number's length range of ISO/IEC 7812; the value is never echoed back.
        if (request.Pan is not { Length: >= 12 and <= 19 } pan || !pan.All(char.IsAsciiDigit))
        {
            return Invalid("pan", "pan must be the card number: 12 to 19 digits.");
        }

        var snapshot = await directory.FindByPanAsync(pan, cancellationToken);
        var card = snapshot is null ? null : await cards.FindAsync(snapshot.CardId, cancellationToken);
        return card is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: "No such card.", detail: "No card of ours has this number.")
            : TypedResults.Ok(CardResponse.From(card));
    }

    private static async Task<Results<Ok<CardResponse>, ProblemHttpResult>> GetCardAsync(string id, CardStore cards, CancellationToken cancellationToken)
    {
        var card = await cards.FindAsync(id, cancellationToken);
        return card is null ? NoSuch("card", id) : TypedResults.Ok(CardResponse.From(card));
    }

    private static async Task<Results<Ok<CardResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string id, StatusRequest request, CardAdministration administration, CancellationToken cancellationToken)
    {
        if (!CardStatusNames.TryParse(request.Status, out var to))
        {
            return Invalid("status", "status must be one of active, frozen, lost, stolen, closed.");
        }

        var result = await administration.ChangeStatusAsync(id, to, cancellationToken);
        if (result.Card is null)
        {
            return NoSuch("card", id);
        }

        if (result.EngineUnavailable)
        {
            return EngineUnavailable();
        }

        if (result.Outcome == CardLifecycle.Outcome.Refused)
        {
            var from = CardStatusNames.ToWire(result.Card.Status);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                type: ProblemTypes.InvalidTransition,
                title: "This status change is not allowed.",
                detail: $"A {from} card cannot become {request.Status} (admin-api.md §3); a lost, stolen or closed card is replaced by a new card.",
                extensions: new Dictionary<string, object?> { ["from"] = from, ["to"] = request.Status });
        }

        return TypedResults.Ok(CardResponse.From(result.Card));
    }

    private static async Task<Results<Ok<CardResponse>, ValidationProblem, ProblemHttpResult>> SetControlsAsync(
        string id, ControlsRequest request, CardAdministration administration, CancellationToken cancellationToken)
    {
        if (!ControlsRules.TryValidate(request, out var controls, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The controls are not valid.", type: ProblemTypes.Validation);
        }

        try
        {
            var card = await administration.SetControlsAsync(id, controls, cancellationToken);
            return card is null ? NoSuch("card", id) : TypedResults.Ok(CardResponse.From(card));
        }
        catch (CardEngineUnavailableException)
        {
            return EngineUnavailable();
        }
    }

    /// <summary>503: the authorization engine (which must see every change first) is standby, loading or cannot journal.</summary>
    private static ProblemHttpResult EngineUnavailable() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            type: ProblemTypes.EngineUnavailable,
            title: "The authorization engine is not available.",
            detail: "This instance's engine is standby or loading, or could not record the change; nothing was changed. Retry shortly.");

    private static async Task<Results<Created<IssuedCardResponse>, ValidationProblem, ProblemHttpResult>> ReplaceCardAsync(
        string id, HttpContext context, CardIssuer issuer, CancellationToken cancellationToken)
    {
        if (!TryReadIssueKey(context, IssueKey.ReplaceRequest(id), out var key, out var missing))
        {
            return missing;
        }

        var result = await issuer.ReplaceAsync(id, key, cancellationToken);
        return result.Outcome switch
        {
            IssueOutcome.NotFound => NoSuch("card", id),
            IssueOutcome.NotReplaceable => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                type: ProblemTypes.InvalidTransition,
                title: "Only a lost or stolen card is replaced.",
                detail: $"The card is {CardStatusNames.ToWire(result.Status!.Value)}; mark it lost or stolen first.",
                extensions: new Dictionary<string, object?> { ["status"] = CardStatusNames.ToWire(result.Status!.Value) }),
            IssueOutcome.AlreadyReplaced => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                type: ProblemTypes.Conflict,
                title: "The card was already replaced.",
                detail: $"Card {id} was replaced by {result.ReplacedBy}.",
                extensions: new Dictionary<string, object?> { ["replacedBy"] = result.ReplacedBy }),
            _ => IssuingAnswer(context, result),
        };
    }

    private static async Task<Results<Ok<PanResponse>, ProblemHttpResult>> ReadPanAsync(
        string id, ClaimsPrincipal user, CardAdministration administration, CancellationToken cancellationToken)
    {
        var pan = await administration.ReadPanAsync(id, user.KeyName(), cancellationToken);
        return pan is null ? NoSuch("card", id) : TypedResults.Ok(new PanResponse(pan));
    }

    /// <summary>201 with the issued card, 201 again (marked replayed) for a repeat, 422 for a reused key, 409 at the card limit.</summary>
    private static Results<Created<IssuedCardResponse>, ValidationProblem, ProblemHttpResult> IssuingAnswer(HttpContext context, IssueResult result)
    {
        switch (result.Outcome)
        {
            case IssueOutcome.KeyReused:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    type: ProblemTypes.IdempotencyKeyReused,
                    title: "Idempotency-Key reused.",
                    detail: "This Idempotency-Key was used for a different request.");
            case IssueOutcome.LimitReached:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    type: ProblemTypes.Conflict,
                    title: "The cardholder holds as many cards as allowed.",
                    detail: "Close, or mark lost or stolen, one of the cardholder's active or frozen cards first (Cards:CardsPerCardholderMax).");
            case IssueOutcome.Replayed:
                context.Response.Headers[ReplayedHeader] = "true";
                break;
        }

        var card = result.Card!;
        return TypedResults.Created($"/api/cards/{card.Id}", IssuedCardResponse.From(card));
    }

    /// <summary>The header the Access module marks replays with; the same here, so clients see one convention.</summary>
    private const string ReplayedHeader = "Idempotent-Replayed";

    private static bool TryReadIssueKey(HttpContext context, string request, out IssueKey key, out ValidationProblem missing)
    {
        var value = context.Request.Headers[IdempotentAttribute.HeaderName].ToString();
        if (value.Length is 0 or > IdempotentAttribute.KeyLengthMax)
        {
            key = null!;
            missing = TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [IdempotentAttribute.HeaderName] = [$"required, 1 to {IdempotentAttribute.KeyLengthMax} characters"] },
                title: "Idempotency-Key is required.",
                type: ProblemTypes.IdempotencyKeyRequired);
            return false;
        }

        key = new IssueKey(context.User.KeyName(), value, request);
        missing = null!;
        return true;
    }

    /// <summary>Reads <c>?limit=</c> and <c>?cursor=</c>; a cursor is the position of the last row of the previous page.</summary>
    private static bool TryReadPage(int? limit, string? cursor, out PageRequest page, out long afterSeq, out IDictionary<string, string[]> errors)
    {
        afterSeq = 0;
        if (!PageRequest.TryCreate(limit, cursor, out page, out errors))
        {
            return false;
        }

        if (page.Cursor is not null && (!long.TryParse(page.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq) || afterSeq < 1))
        {
            errors["cursor"] = ["cursor is not one this API issued."];
            return false;
        }

        return true;
    }

    /// <summary>The stores read one row more than the page; its presence means another page follows.</summary>
    private static Page<TItem> ToPage<TRow, TItem>(IReadOnlyList<TRow> rows, int limit, Func<TRow, long> position, Func<TRow, TItem> map)
    {
        var items = rows.Take(limit).Select(map).ToList();
        var next = rows.Count > limit ? position(rows[limit - 1]).ToString(CultureInfo.InvariantCulture) : null;
        return new Page<TItem>(items, next);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, type: ProblemTypes.Validation);

    private static ProblemHttpResult NoSuch(string what, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, type: ProblemTypes.NotFound, title: $"No such {what}.", detail: $"There is no {what} {id}.");
}
