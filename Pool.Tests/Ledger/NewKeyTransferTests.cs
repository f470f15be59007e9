using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>
/// <see cref="ILedgerTransfers.CreateNewAsync"/>, the journal projector's path: the outcomes of
/// <see cref="ILedgerTransfers.CreateAsync(IReadOnlyList{TransferRequest}, Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken)"/>,
/// without the repeat probe and the account locks, falling back to the full path when its assumptions fail.
/// </summary>
[TestFixture]
public sealed class NewKeyTransferTests : LedgerFixture
{
    private async Task<IReadOnlyList<TransferOutcome>> CreateNewBatchAsync(IReadOnlyList<TransferRequest> requests)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var outcomes = await Transfers.CreateNewAsync(requests, connection, transaction, CancellationToken.None);
        await transaction.CommitAsync();
        return outcomes;
    }

    /// <summary>
    /// <paramref name="other"/> is written by another transaction that keeps its account locks; <paramref name="request"/>
    /// goes through the fast path meanwhile, and the other transaction commits once the fast path waits for a lock.
    /// </summary>
    private async Task<IReadOnlyList<TransferOutcome>> CreateNewBehindAnotherWriterAsync(TransferRequest other, TransferRequest request)
    {
        await using var otherConnection = await DataSource.OpenConnectionAsync();
        await using var otherTransaction = await otherConnection.BeginTransactionAsync();
        await Transfers.CreateAsync([other], otherConnection, otherTransaction, CancellationToken.None);

        await using var connection = await DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var creating = Transfers.CreateNewAsync([request], connection, transaction, CancellationToken.None);
        await WaitUntilWaitingForALockAsync(connection.ProcessID);
        await otherTransaction.CommitAsync();
        var outcomes = await creating;
        await transaction.CommitAsync();
        return outcomes;
    }

    [Test]
    public async Task HoldsVoidsAndPosts_OfNewKeys_AreCreatedAsByTheFullPath()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var earlierHold = Key("earlier-hold");
        await CreateAsync(TransferRequest.Pending(earlierHold, account, SystemAccounts.NetworkSettlement, 1_000, TransferCode.AuthorizationHold));
        var hold = Key("hold");

        var outcomes = await CreateNewBatchAsync(
        [
            TransferRequest.Pending(hold, account, SystemAccounts.NetworkSettlement, 3_000, TransferCode.AuthorizationHold),
            TransferRequest.VoidPending(Key("void"), earlierHold, TransferCode.HoldRelease),
            TransferRequest.PostPending(Key("post"), hold, 2_500, TransferCode.Purchase),
        ]);

        Assert.That(outcomes.Select(o => o.Result), Is.All.EqualTo(TransferResultCode.Ok));
        Assert.That(outcomes.Select(o => o.TransferId), Is.Unique.And.All.Positive);
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(7_500, 0, 7_500)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task AKeyThatIsNotNew_FallsBackToTheFullPath_AndIsAnsweredExists()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var hold = TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 3_000, TransferCode.AuthorizationHold);
        var first = await CreateAsync(hold);

        var outcomes = await CreateNewBatchAsync([hold, TransferRequest.Pending(Key("other"), account, SystemAccounts.NetworkSettlement, 500, TransferCode.AuthorizationHold)]);

        Assert.That(outcomes[0], Is.EqualTo(new TransferOutcome(TransferResultCode.Exists, first.TransferId)), "the unique index refused the repeat; the full path found the first transfer");
        Assert.That(outcomes[1].Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(10_000, 3_500, 6_500)), "the repeat held nothing twice");
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ARefusal_IsTheSameAsTheFullPaths()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);

        var outcomes = await CreateNewBatchAsync([TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 1_001, TransferCode.AuthorizationHold)]);

        Assert.That(outcomes[0].Result, Is.EqualTo(TransferResultCode.ExceedsCredits));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(1_000, 0, 1_000)));
    }

    [Test]
    public async Task AWithdrawalCommittedBetweenTheReadAndTheUpdate_IsSeen_AndTheHoldRefusedUnderLock()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        // Another writer takes 5,000 out and holds the account's row lock until it commits. Read without a lock, the
        // account still has 10,000: the 8,000 hold is planned, and its update waits for the lock.
        var outcomes = await CreateNewBehindAnotherWriterAsync(
            TransferRequest.Single(Key("withdrawal"), account, SystemAccounts.BankCash, 5_000, TransferCode.Withdrawal),
            TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 8_000, TransferCode.AuthorizationHold));

        Assert.That(outcomes[0].Result, Is.EqualTo(TransferResultCode.ExceedsCredits), "the update returned balances other than planned, so the batch was decided again under lock");
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(5_000, 0, 5_000)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ADepositCommittedBeforeTheLockedDecision_TurnsAFastRefusalIntoACreation()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        // Read without a lock, 10,000 does not cover 11,000: a refusal is never trusted from an unlocked read, so the
        // full path locks the account (waiting for the deposit) and decides on 12,000.
        var outcomes = await CreateNewBehindAnotherWriterAsync(
            TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 2_000, TransferCode.Deposit),
            TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 11_000, TransferCode.AuthorizationHold));

        Assert.That(outcomes[0].Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(12_000, 11_000, 1_000)));
        await AssertLedgerBalancedAsync();
    }

    /// <summary>Waits (with a deadline) until the session <paramref name="processId"/> waits for a row lock.</summary>
    private async Task WaitUntilWaitingForALockAsync(int processId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var probe = await DataSource.OpenConnectionAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT wait_event_type FROM pg_stat_activity WHERE pid = @pid", probe);
            command.Parameters.AddWithValue("pid", processId);
            if (await command.ExecuteScalarAsync() as string == "Lock")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"session {processId} never waited for a lock");
            }

            await Task.Delay(10);
        }
    }
}
