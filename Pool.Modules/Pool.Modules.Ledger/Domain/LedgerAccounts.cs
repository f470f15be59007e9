using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Domain;

/// <summary>Cardholder deposit accounts and the back office's money movements (deposits and withdrawals).</summary>
internal sealed class LedgerAccounts(
    NpgsqlDataSource dataSource,
    ILedgerTransfers transfers,
    TimeProvider time,
    ILogger<LedgerAccounts> logger) : ILedgerAccounts
{
    public async Task<long> OpenDepositAccountAsync(string cardholderId, CancellationToken cancellationToken)
    {
        CheckCardholderId(cardholderId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (id, opened) = await AccountStore.OpenDepositAccountAsync(connection, cardholderId, time.GetUtcNow(), cancellationToken);
        if (opened)
        {
            LedgerLog.DepositAccountOpened(logger, id, cardholderId);
        }

        return id;
    }

    public async Task<long?> FindDepositAccountAsync(string cardholderId, CancellationToken cancellationToken)
    {
        CheckCardholderId(cardholderId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await AccountStore.FindDepositAccountAsync(connection, cardholderId, cancellationToken);
    }

    public async Task<CardholderBalance?> GetBalanceAsync(string cardholderId, CancellationToken cancellationToken)
    {
        CheckCardholderId(cardholderId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await AccountStore.FindDepositAccountRowAsync(connection, cardholderId, cancellationToken);
        return row?.ToCardholderBalance();
    }

    public async Task<DepositOutcome> DepositAsync(string cardholderId, long amountMinor, string idempotencyKey, CancellationToken cancellationToken)
    {
        var movement = await MoveAsync(cardholderId, amountMinor, idempotencyKey, TransferCode.Deposit, cancellationToken);
        if (!movement.Outcome.Succeeded || movement.Balance is null)
        {
            throw new LedgerRefusedException(movement.Outcome.Result, $"The deposit with key {idempotencyKey} was refused: {movement.Outcome.Result}.");
        }

        return new DepositOutcome(movement.Outcome.TransferId.ToString(CultureInfo.InvariantCulture), movement.Balance);
    }

    public async Task<WithdrawalOutcome> WithdrawAsync(string cardholderId, long amountMinor, string idempotencyKey, CancellationToken cancellationToken)
    {
        var movement = await MoveAsync(cardholderId, amountMinor, idempotencyKey, TransferCode.Withdrawal, cancellationToken);
        return new WithdrawalOutcome(
            movement.Outcome.Result,
            movement.Outcome.TransferId == 0 ? null : movement.Outcome.TransferId.ToString(CultureInfo.InvariantCulture),
            movement.Balance);
    }

    /// <summary>
    /// A deposit (bank cash → deposit account) or a withdrawal (deposit account → bank cash) as one single-phase
    /// transfer, and the balance right after it, read in the same transaction while the account is still locked.
    /// </summary>
    internal async Task<Movement> MoveAsync(string cardholderId, long amountMinor, string idempotencyKey, TransferCode code, CancellationToken cancellationToken)
    {
        CheckCardholderId(cardholderId);
        ArgumentOutOfRangeException.ThrowIfLessThan(amountMinor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountMinor, LedgerLimits.TransferAmountMinorMax);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var account = await AccountStore.FindDepositAccountAsync(connection, cardholderId, cancellationToken);
        if (account is not { } accountId)
        {
            return new Movement(new TransferOutcome(TransferResultCode.AccountNotFound, 0), null);
        }

        var request = code == TransferCode.Deposit
            ? TransferRequest.Single(idempotencyKey, SystemAccounts.BankCash, accountId, amountMinor, code)
            : TransferRequest.Single(idempotencyKey, accountId, SystemAccounts.BankCash, amountMinor, code);
        var outcomes = await transfers.CreateAsync([request], connection, transaction, cancellationToken);
        var row = await AccountStore.FindDepositAccountRowAsync(connection, cardholderId, cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new Movement(outcomes[0], row?.ToCardholderBalance());
    }

    public async IAsyncEnumerable<DepositAccountBalance> ReadDepositAccountsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var row in AccountStore.ReadDepositAccountsAsync(connection, cancellationToken))
        {
            yield return row;
        }
    }

    private static void CheckCardholderId(string cardholderId)
    {
        ArgumentException.ThrowIfNullOrEmpty(cardholderId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cardholderId.Length, LedgerLimits.CardholderIdLengthMax, nameof(cardholderId));
    }
}
