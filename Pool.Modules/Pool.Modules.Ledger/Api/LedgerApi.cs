using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Abstractions.Http;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Api;

/// <summary>The ledger's endpoints under <c>/api</c> (admin-api.md §3): deposits, withdrawals, balance, ledger entries.</summary>
internal static class LedgerApi
{
    private const string Tag = "Ledger";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/cardholders/{id}/deposits", DepositAsync)
            .RequireAuthorization(AccessPolicies.Operator)
            .RequireIdempotencyKey()
            .WithName("CreateDeposit")
            .WithSummary("Deposits yen into the cardholder's account (from Pool's bank cash)")
            .WithTags(Tag);
        api.MapPost("/cardholders/{id}/withdrawals", WithdrawAsync)
            .RequireAuthorization(AccessPolicies.Admin)
            .RequireIdempotencyKey()
            .WithName("CreateWithdrawal")
            .WithSummary("Withdraws yen from the cardholder's account; 422 beyond the available balance")
            .WithTags(Tag);
        api.MapGet("/cardholders/{id}/balance", GetBalanceAsync)
            .WithName("GetBalance")
            .WithSummary("The cardholder's posted, held and available balance")
            .WithTags(Tag);
        api.MapGet("/cardholders/{id}/ledger", ListEntriesAsync)
            .WithName("ListLedgerEntries")
            .WithSummary("The cardholder's ledger entries, newest first, cursor-paged")
            .WithTags(Tag);
    }

    private static Task<Results<Created<MovementResponse>, ValidationProblem, ProblemHttpResult>> DepositAsync(
        string id, MovementRequest request, HttpContext httpContext, LedgerAccounts accounts, CancellationToken cancellationToken) =>
        MoveAsync(id, request, httpContext, accounts, TransferCode.Deposit, cancellationToken);

    private static Task<Results<Created<MovementResponse>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        string id, MovementRequest request, HttpContext httpContext, LedgerAccounts accounts, CancellationToken cancellationToken) =>
        MoveAsync(id, request, httpContext, accounts, TransferCode.Withdrawal, cancellationToken);

    private static async Task<Results<Created<MovementResponse>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        string id, MovementRequest request, HttpContext httpContext, LedgerAccounts accounts, TransferCode code, CancellationToken cancellationToken)
    {
        if (!TryReadAmount(request.Amount, out var amountMinor, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        if (!IsCardholderId(id))
        {
            return UnknownCardholder(id);
        }

        // The transfer's own key, so the money moves once even if the HTTP replay store lost the first answer.
        var header = httpContext.Request.Headers[IdempotentAttribute.HeaderName].ToString();
        var operation = code == TransferCode.Deposit ? "deposit" : "withdrawal";
        var transferKey = $"http:{operation}:{httpContext.User.KeyName()}:{header}";

        // With an authorization engine in the host, the movement goes through its ordered path (issue 5).
        var movement = httpContext.RequestServices.GetService<IBalanceMovementGateway>() is { } gateway
            ? await gateway.MoveAsync(id, amountMinor, code, transferKey, cancellationToken)
            : ToMovement(await accounts.MoveAsync(id, amountMinor, transferKey, code, cancellationToken));
        if (movement.IsUnavailable)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                type: ProblemTypes.EngineUnavailable,
                title: "The authorization engine is not available.",
                detail: $"This instance's engine is standby or loading, or could not record the {operation}; nothing was moved. Retry shortly with the same {IdempotentAttribute.HeaderName}.");
        }

        switch (movement.Result)
        {
            case TransferResultCode.Ok or TransferResultCode.Exists when movement.Balance is not null:
                return TypedResults.Created(
                    $"/api/cardholders/{Uri.EscapeDataString(id)}/ledger",
                    new MovementResponse(movement.TransferId.ToString(CultureInfo.InvariantCulture), ToResponse(movement.Balance)));
            case TransferResultCode.AccountNotFound:
                return UnknownCardholder(id);
            case TransferResultCode.ExceedsCredits:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    type: ProblemTypes.InsufficientFunds,
                    title: "Insufficient funds.",
                    detail: $"The withdrawal of {amountMinor} yen exceeds the available balance of {movement.Balance?.Available ?? 0} yen.",
                    extensions: new Dictionary<string, object?> { ["available"] = movement.Balance?.Available });
            case TransferResultCode.ExistsWithDifferentContent:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    type: ProblemTypes.IdempotencyKeyReused,
                    title: "The Idempotency-Key was used for another request.",
                    detail: $"This {IdempotentAttribute.HeaderName} already moved another amount; use a new key.");
            default:
                throw new InvalidOperationException($"A {operation} ended with {movement.Result}, which the endpoint does not expect.");
        }
    }

    /// <summary>Read-your-writes when another module writes the ledger asynchronously (<see cref="ILedgerReadBarrier"/>).</summary>
    private static Task WaitForWritesAsync(HttpContext httpContext, CancellationToken cancellationToken) =>
        httpContext.RequestServices.GetService<ILedgerReadBarrier>() is { } barrier ? barrier.WaitAsync(cancellationToken) : Task.CompletedTask;

    private static async Task<Results<Ok<BalanceResponse>, ProblemHttpResult>> GetBalanceAsync(
        string id, ILedgerAccounts accounts, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await WaitForWritesAsync(httpContext, cancellationToken);
        if (!IsCardholderId(id) || await accounts.GetBalanceAsync(id, cancellationToken) is not { } balance)
        {
            return UnknownCardholder(id);
        }

        return TypedResults.Ok(ToResponse(balance));
    }

    private static async Task<Results<Ok<Page<LedgerEntryResponse>>, ValidationProblem, ProblemHttpResult>> ListEntriesAsync(
        string id, int? limit, string? cursor, NpgsqlDataSource dataSource, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await WaitForWritesAsync(httpContext, cancellationToken);
        if (!PageRequest.TryCreateBeforeId(limit, cursor, out var page, out var beforeId, out var errors))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }

        if (!IsCardholderId(id))
        {
            return UnknownCardholder(id);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await AccountStore.FindDepositAccountAsync(connection, id, cancellationToken) is not { } accountId)
        {
            return UnknownCardholder(id);
        }

        var rows = await EntryStore.PageAsync(connection, accountId, beforeId, page.Limit + 1, cancellationToken);
        var items = rows.Take(page.Limit).Select(row => LedgerEntries.ToResponse(row, accountId)).ToList();
        var next = rows.Count > page.Limit ? items[^1].Id : null;
        return TypedResults.Ok(new Page<LedgerEntryResponse>(items, next));
    }

    /// <summary>An integer of 1 to 12 digits (ISO 8583 DE4 width): anything else names <c>amount</c>.</summary>
    private static bool TryReadAmount(JsonElement amount, out long amountMinor, out Dictionary<string, string[]> errors)
    {
        amountMinor = 0;
        errors = [];
        if (amount.ValueKind != JsonValueKind.Number || !amount.TryGetInt64(out amountMinor) || amountMinor < 1 || amountMinor > LedgerLimits.TransferAmountMinorMax)
        {
            errors["amount"] = [$"amount must be an integer number of yen from 1 to {LedgerLimits.TransferAmountMinorMax}."];
            return false;
        }

        return true;
    }

    private static bool IsCardholderId(string id) => id.Length is > 0 and <= LedgerLimits.CardholderIdLengthMax;

    private static ProblemHttpResult UnknownCardholder(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            type: ProblemTypes.NotFound,
            title: "Unknown cardholder.",
            detail: $"No cardholder {id} has a deposit account.");

    private static BalanceMovement ToMovement(Movement movement) =>
        new(movement.Outcome.Result, movement.Outcome.TransferId, movement.Balance);

    private static BalanceResponse ToResponse(CardholderBalance balance) => new(balance.Posted, balance.Held, balance.Available);
}
