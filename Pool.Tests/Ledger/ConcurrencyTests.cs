using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>Concurrent writers on one account serialise on its row lock: no overdraft, no double resolution.</summary>
[TestFixture]
public sealed class ConcurrencyTests : LedgerFixture
{
    [Test]
    public async Task ConcurrentWithdrawals_NeverOverdraw()
    {
        var (cardholder, _) = await NewCardholderAsync(depositMinor: 10_000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(() =>
            Accounts.WithdrawAsync(cardholder, 1_000, Key($"withdraw-{i}"), CancellationToken.None))));

        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.Ok), Is.EqualTo(10));
        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.ExceedsCredits), Is.EqualTo(15));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(0, 0, 0)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ConcurrentHoldsAndWithdrawals_NeverTakeAvailableBelowZero()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 5_000);

        var holds = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            (await CreateAsync(TransferRequest.Pending(Key($"hold-{i}"), account, SystemAccounts.NetworkSettlement, 700, TransferCode.AuthorizationHold))).Result));
        var withdrawals = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            (await Accounts.WithdrawAsync(cardholder, 700, Key($"withdraw-{i}"), CancellationToken.None)).Result));
        var results = await Task.WhenAll(holds.Concat(withdrawals));

        Assert.That(results.Count(r => r == TransferResultCode.Ok), Is.EqualTo(7));
        var balance = await BalanceAsync(cardholder);
        Assert.That(balance.Available, Is.EqualTo(100));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task ConcurrentPostsAndVoids_OfOneHold_ResolveItOnce()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 5_000);
        var holdKey = Key("hold");
        await CreateAsync(TransferRequest.Pending(holdKey, account, SystemAccounts.NetworkSettlement, 2_000, TransferCode.AuthorizationHold));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => CreateAsync(i % 2 == 0
            ? TransferRequest.PostPending(Key($"post-{i}"), holdKey, 2_000, TransferCode.Purchase)
            : TransferRequest.VoidPending(Key($"void-{i}"), holdKey, TransferCode.HoldRelease)))));

        Assert.That(outcomes.Count(o => o.Result == TransferResultCode.Ok), Is.EqualTo(1));
        Assert.That(outcomes.Where(o => o.Result != TransferResultCode.Ok).Select(o => o.Result),
            Is.All.AnyOf(TransferResultCode.PendingTransferAlreadyPosted, TransferResultCode.PendingTransferAlreadyVoided));
        var balance = await BalanceAsync(cardholder);
        Assert.That(balance.Held, Is.Zero);
        Assert.That(balance.Posted, Is.AnyOf(3_000L, 5_000L));
        await AssertLedgerBalancedAsync();
    }
}
