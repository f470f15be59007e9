using Dapper;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>Every transfer has an idempotency key; a repeat returns the first result and moves no money again.</summary>
[TestFixture]
public sealed class IdempotentTransferTests : LedgerFixture
{
    [Test]
    public async Task Repeat_WithTheSameContent_ReturnsExistsWithTheFirstId_AndMovesMoneyOnce()
    {
        var (cardholder, account) = await NewCardholderAsync();
        var request = TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 700, TransferCode.Deposit);

        var first = await CreateAsync(request);
        var second = await CreateAsync(request);

        Assert.That(first.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(second, Is.EqualTo(new TransferOutcome(TransferResultCode.Exists, first.TransferId)));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(700, 0, 700)));
    }

    [Test]
    public async Task Repeat_WithOtherContent_IsRefusedWithExistsWithDifferentContent()
    {
        var (cardholder, account) = await NewCardholderAsync();
        var key = Key("deposit");
        var first = await CreateAsync(TransferRequest.Single(key, SystemAccounts.BankCash, account, 700, TransferCode.Deposit));

        var second = await CreateAsync(TransferRequest.Single(key, SystemAccounts.BankCash, account, 701, TransferCode.Deposit));

        Assert.That(second, Is.EqualTo(new TransferOutcome(TransferResultCode.ExistsWithDifferentContent, first.TransferId)));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(700, 0, 700)));
    }

    [Test]
    public async Task RepeatOfAPost_AfterTheHoldIsResolved_StillReturnsExists()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 1_000);
        var holdKey = Key("hold");
        await CreateAsync(TransferRequest.Pending(holdKey, account, SystemAccounts.NetworkSettlement, 500, TransferCode.AuthorizationHold));
        var post = TransferRequest.PostPending(Key("post"), holdKey, 400, TransferCode.Purchase);
        var first = await CreateAsync(post);

        var repeat = await CreateAsync(post);
        var voidRepeat = TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease);

        Assert.That(repeat, Is.EqualTo(new TransferOutcome(TransferResultCode.Exists, first.TransferId)));
        Assert.That((await CreateAsync(voidRepeat)).Result, Is.EqualTo(TransferResultCode.PendingTransferAlreadyPosted));
    }

    [Test]
    public async Task Repeat_WithinOneBatch_IsCreatedOnce()
    {
        var (cardholder, account) = await NewCardholderAsync();
        var request = TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 300, TransferCode.Deposit);

        var outcomes = await CreateBatchAsync([request, request, request with { AmountMinor = 1 }]);

        Assert.That(outcomes.Select(o => o.Result), Is.EqualTo(new[] { TransferResultCode.Ok, TransferResultCode.Exists, TransferResultCode.ExistsWithDifferentContent }));
        Assert.That(outcomes.Select(o => o.TransferId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(300, 0, 300)));
    }

    [Test]
    public async Task ConcurrentRepeats_OfOneKey_CreateOneTransfer_AndAllReturnItsId()
    {
        var (cardholder, account) = await NewCardholderAsync();
        var request = TransferRequest.Single(Key("deposit"), SystemAccounts.BankCash, account, 900, TransferCode.Deposit);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => CreateAsync(request))));

        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.Ok), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.Exists), Is.EqualTo(15));
        Assert.That(outcomes.Select(o => o.TransferId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(900, 0, 900)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ConcurrentUses_OfOneKey_OnDisjointAccounts_CreateOneTransfer()
    {
        // Different accounts mean no shared row lock: the losers meet the unique index, roll back to the
        // batch's savepoint, and decide again against the winner's transfer.
        var key = Key("contended");
        var pairs = new List<(long Debit, long Credit)>();
        for (var i = 0; i < 8; i++)
        {
            pairs.Add(((await NewCardholderAsync()).AccountId, (await NewCardholderAsync()).AccountId));
        }

        var outcomes = await Task.WhenAll(pairs.Select(p => Task.Run(() =>
            CreateAsync(TransferRequest.Single(key, p.Debit, p.Credit, 50, TransferCode.Adjustment, TransferFlags.Forced)))));

        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.Ok), Is.EqualTo(1));
        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.ExistsWithDifferentContent), Is.EqualTo(7));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.transfers WHERE idempotency_key = @key", new { key }), Is.EqualTo(1));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task AKeyTakenByAnUncommittedTransaction_IsDecidedAgainstItOnceItCommits()
    {
        var key = Key("raced");
        var (_, a1) = await NewCardholderAsync();
        var (_, b1) = await NewCardholderAsync();
        var (_, a2) = await NewCardholderAsync();
        var (_, b2) = await NewCardholderAsync();
        await using var first = await DataSource.OpenConnectionAsync();
        await using var firstTransaction = await first.BeginTransactionAsync();
        var won = await Transfers.CreateAsync([TransferRequest.Single(key, a1, b1, 10, TransferCode.Adjustment, TransferFlags.Forced)], first, firstTransaction, CancellationToken.None);

        // The second writer shares no account with the first, so only the unique key makes it wait.
        var second = Task.Run(() => CreateAsync(TransferRequest.Single(key, a2, b2, 10, TransferCode.Adjustment, TransferFlags.Forced)));
        await WaitForLockWaitAsync();
        await firstTransaction.CommitAsync();
        var lost = await second;

        Assert.That(won[0].Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(lost, Is.EqualTo(new TransferOutcome(TransferResultCode.ExistsWithDifferentContent, won[0].TransferId)));
        Assert.That(Host.Logs.Lines, Has.Some.Contains("[4004]"));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task DepositRepeat_ReturnsTheFirstTransfer()
    {
        var (cardholder, _) = await NewCardholderAsync();
        var key = Key("deposit");

        var first = await Accounts.DepositAsync(cardholder, 500, key, CancellationToken.None);
        var second = await Accounts.DepositAsync(cardholder, 500, key, CancellationToken.None);

        Assert.That(second.TransferId, Is.EqualTo(first.TransferId));
        Assert.That(second.Balance, Is.EqualTo(new CardholderBalance(500, 0, 500)));
    }

    /// <summary>Waits (with a deadline) until some session waits on a lock, i.e. the second writer is blocked.</summary>
    private async Task WaitForLockWaitAsync()
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The second writer never waited on the first.");
            }

            await Task.Delay(10);
        }
    }
}
