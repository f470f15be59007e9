using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>
/// Credits yield and cashback through the authorization engine's ordered path (<see cref="IBalanceMovementGateway"/>),
/// so the engine's in-memory available balance includes them at once; without a gateway (a host without the engine)
/// straight to the ledger. Idempotent by key: a repeat returns the first transfer.
/// </summary>
internal sealed class ProductCredits(IServiceProvider services, ILedgerTransfers transfers, IOptions<LedgerOptions> options)
{
    /// <summary>
    /// Credits every (cardholder, amount, key) of <paramref name="credits"/>, at most
    /// <see cref="LedgerOptions.ProductCreditsInFlightMax"/> at a time. Throws <see cref="JobTransientException"/> when the
    /// engine could not take some (the rest stay credited; a rerun finds them by key), and
    /// <see cref="InvalidOperationException"/> when a key was first used for other content.
    /// </summary>
    public async Task<CreditTally> CreditAsync(IReadOnlyList<ProductCredit> credits, TransferCode code, CancellationToken cancellationToken)
    {
        var gateway = services.GetService<IBalanceMovementGateway>();
        var tally = new CreditTally();
        await Parallel.ForEachAsync(
            credits,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.ProductCreditsInFlightMax, CancellationToken = cancellationToken },
            async (credit, token) =>
            {
                var movement = gateway is not null
                    ? await gateway.MoveAsync(credit.CardholderId, credit.AmountMinor, code, credit.IdempotencyKey, token)
                    : await DirectAsync(credit, code, token);
                tally.Add(credit, movement);
            });

        if (tally.Unavailable > 0)
        {
            throw new JobTransientException($"The authorization engine could not take {tally.Unavailable} of {credits.Count} {code} credits (not active here, or its journal failed); {tally.Credited} were credited. Run again: credited accounts are found by key.");
        }

        if (tally.Conflicts.Count > 0)
        {
            throw new InvalidOperationException($"{tally.Conflicts.Count} {code} credit keys were first used with other content, e.g. {tally.Conflicts.First()}: the ledger was not changed for them.");
        }

        return tally;
    }

    private async Task<BalanceMovement> DirectAsync(ProductCredit credit, TransferCode code, CancellationToken cancellationToken)
    {
        var expenseAccountId = code == TransferCode.Yield ? SystemAccounts.YieldExpense : SystemAccounts.CashbackExpense;
        var outcome = await transfers.CreateAsync(TransferRequest.Single(credit.IdempotencyKey, expenseAccountId, credit.AccountId, credit.AmountMinor, code), cancellationToken);
        return new BalanceMovement(outcome.Result, outcome.TransferId, null);
    }
}

/// <summary>One credit to make: the account, its cardholder, whole yen, and the idempotency key (<c>yield:{account}:{yyyy-MM}</c>).</summary>
internal sealed record ProductCredit(long AccountId, string CardholderId, long AmountMinor, string IdempotencyKey);
