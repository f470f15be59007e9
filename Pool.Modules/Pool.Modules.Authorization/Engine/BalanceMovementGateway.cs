using Npgsql;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Deposits and withdrawals, and the yield and cashback credits of the monthly jobs, through the engine (the
/// Ledger's <see cref="IBalanceMovementGateway"/>): the engine decides (a withdrawal above available is 51 → 422),
/// journals, and the committer writes the ledger transfer (from bank cash, yield expense or cashback expense). An account the engine does not hold (no card yet) cannot race an authorization, so
/// its movement goes straight to the ledger, under the load gate so that a load never misses it.
/// </summary>
internal sealed class BalanceMovementGateway(
    EngineHost host,
    EngineCommandRunner runner,
    ILedgerAccounts ledger,
    ILedgerTransfers transfers,
    NpgsqlDataSource dataSource) : IBalanceMovementGateway
{
    public async Task<BalanceMovement> MoveAsync(string cardholderId, long amountMinor, TransferCode code, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardholderId);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(amountMinor, 1);
        if (code is not (TransferCode.Deposit or TransferCode.Withdrawal or TransferCode.Yield or TransferCode.Cashback))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "Only deposits, withdrawals, yield and cashback move through this gateway.");
        }

        // Yield and cashback are deposits to the engine (posted up); the committer names their ledger transfer.
        var credit = code != TransferCode.Withdrawal;
        var kind = credit ? JournalRecordKind.Deposit : JournalRecordKind.Withdrawal;
        if (await RepeatAsync(cardholderId, idempotencyKey, kind, amountMinor, cancellationToken) is { } repeat)
        {
            return repeat;
        }

        if (await ledger.FindDepositAccountAsync(cardholderId, cancellationToken) is not { } accountId)
        {
            return new BalanceMovement(TransferResultCode.AccountNotFound, 0, null);
        }

        if (host.Engine is null)
        {
            return new BalanceMovement(TransferResultCode.Ok, 0, null, IsUnavailable: true);
        }

        if (await TryMoveOutsideEngineAsync(cardholderId, accountId, amountMinor, code, idempotencyKey, cancellationToken) is { } direct)
        {
            return direct;
        }

        var command = new AccountCommand
        {
            Kind = credit ? AccountCommandKind.Deposit : AccountCommandKind.Withdrawal,
            AccountId = accountId,
            AmountMinor = amountMinor,
        };
        var result = await runner.ExecuteAsync(command, idempotencyKey, null, cancellationToken, code);
        if (result.IsUnavailable)
        {
            // A concurrent repeat may have committed first (and failed this batch on the key): answer as it did.
            return await RepeatAsync(cardholderId, idempotencyKey, kind, amountMinor, cancellationToken)
                ?? new BalanceMovement(TransferResultCode.Ok, 0, null, IsUnavailable: true);
        }

        var balance = Balance(result.Engine!, accountId);
        return result.Outcome.ResponseCode switch
        {
            ResponseCode.Approved => new BalanceMovement(TransferResultCode.Ok, result.TransferId, balance),
            ResponseCode.InsufficientFunds => new BalanceMovement(TransferResultCode.ExceedsCredits, 0, balance),
            ResponseCode.InvalidCardNumber => new BalanceMovement(TransferResultCode.AccountNotFound, 0, null),
            var other => throw new InvalidOperationException($"The engine answered a {code} with {other}, which the gateway does not expect."),
        };
    }

    /// <summary>Moves the money on the ledger directly when the engine does not hold the account; null when it does.</summary>
    private async Task<BalanceMovement?> TryMoveOutsideEngineAsync(string cardholderId, long accountId, long amountMinor, TransferCode code, string idempotencyKey, CancellationToken cancellationToken)
    {
        await host.LoadGate.WaitAsync(cancellationToken);
        try
        {
            if (host.Engine is not { } engine || engine.State.TryGetBalance(accountId, out _, out _))
            {
                return null;
            }

            if (code is TransferCode.Yield or TransferCode.Cashback)
            {
                var expenseAccountId = code == TransferCode.Yield ? SystemAccounts.YieldExpense : SystemAccounts.CashbackExpense;
                var outcome = await transfers.CreateAsync(TransferRequest.Single(idempotencyKey, expenseAccountId, accountId, amountMinor, code), cancellationToken);
                var created = outcome.Result is TransferResultCode.Ok or TransferResultCode.Exists;
                return new BalanceMovement(outcome.Result, created ? outcome.TransferId : 0, await ledger.GetBalanceAsync(cardholderId, cancellationToken));
            }

            if (code == TransferCode.Deposit)
            {
                var deposit = await ledger.DepositAsync(cardholderId, amountMinor, idempotencyKey, cancellationToken);
                return new BalanceMovement(TransferResultCode.Ok, long.Parse(deposit.TransferId, System.Globalization.CultureInfo.InvariantCulture), deposit.Balance);
            }

            var withdrawal = await ledger.WithdrawAsync(cardholderId, amountMinor, idempotencyKey, cancellationToken);
            var transferId = withdrawal.TransferId is { } id ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return new BalanceMovement(withdrawal.Result, transferId, withdrawal.Balance);
        }
        catch (LedgerRefusedException refused)
        {
            return new BalanceMovement(refused.Result, 0, null);
        }
        finally
        {
            host.LoadGate.Release();
        }
    }

    /// <summary>The first result of a repeated key, with the balance now; null when the key is new.</summary>
    private async Task<BalanceMovement?> RepeatAsync(string cardholderId, string idempotencyKey, JournalRecordKind kind, long amountMinor, CancellationToken cancellationToken)
    {
        if (await AdminCommandStore.FindAsync(dataSource, idempotencyKey, cancellationToken) is not { } first)
        {
            return null;
        }

        var same = first.Kind == (short)kind && first.AmountMinor == amountMinor;
        var balance = host.Engine is { } engine && engine.State.TryGetBalance(first.AccountId, out _, out _)
            ? Balance(engine, first.AccountId)
            : await ledger.GetBalanceAsync(cardholderId, cancellationToken);
        return same
            ? new BalanceMovement(TransferResultCode.Exists, first.TransferId ?? 0, balance)
            : new BalanceMovement(TransferResultCode.ExistsWithDifferentContent, 0, balance);
    }

    private static CardholderBalance? Balance(AuthorizationEngine engine, long accountId) =>
        engine.State.TryGetBalance(accountId, out var posted, out var held) ? new CardholderBalance(posted, held, posted - held) : null;
}
