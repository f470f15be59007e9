using Pool.Modules.Ledger.Contracts;

namespace Pool.Tests.Ledger;

/// <summary>Pending transfers (holds) and their post or void, after TigerBeetle's two-phase transfers (docs/ledger.md).</summary>
[TestFixture]
public sealed class TwoPhaseTransferTests : LedgerFixture
{
    [Test]
    public async Task Hold_MovesAvailable_NotPosted()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);

        var hold = await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 3_000, TransferCode.AuthorizationHold));

        Assert.That(hold.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(10_000, 3_000, 7_000)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PostBelowPending_PostsTheClearedAmount_AndReleasesTheRest()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = Key("hold");
        await CreateAsync(TransferRequest.Pending(holdKey, account, SystemAccounts.NetworkSettlement, 3_000, TransferCode.AuthorizationHold));

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 2_500, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(7_500, 0, 7_500)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PostOfTheFullPendingAmount_LeavesNothingHeld()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 3_000, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(7_000, 0, 7_000)));
    }

    [Test]
    public async Task PostAbovePending_IsRefusedWithAmountExceedsPending_AndChangesNothing()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 3_001, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.AmountExceedsPending));
        Assert.That(post.TransferId, Is.Zero);
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(10_000, 3_000, 7_000)));
    }

    [Test]
    public async Task ClearingAboveTheAuthorization_IsAPostPlusASingleTransfer()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var outcomes = await CreateBatchAsync(
        [
            TransferRequest.PostPending(Key("post"), holdKey, 3_000, TransferCode.Purchase),
            TransferRequest.Single(Key("tip"), account, SystemAccounts.NetworkSettlement, 500, TransferCode.Purchase, TransferFlags.Forced),
        ]);

        Assert.That(outcomes.Select(o => o.Result), Is.All.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(6_500, 0, 6_500)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PostWithZeroAmount_IsRefusedWithAmountOutOfRange()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 0, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.AmountOutOfRange));
    }

    [Test]
    public async Task Void_ReleasesTheWholeHold()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var release = await CreateAsync(TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease));

        Assert.That(release.Result, Is.EqualTo(TransferResultCode.Ok));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(10_000, 0, 10_000)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task VoidWithAnAmountOtherThanPending_IsRefusedWithAmountOutOfRange()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var release = await CreateAsync(new TransferRequest(Key("void"), TransferKind.VoidPending, 0, 0, 1_000, TransferCode.HoldRelease, PendingIdempotencyKey: holdKey));

        Assert.That(release.Result, Is.EqualTo(TransferResultCode.AmountOutOfRange));
    }

    [Test]
    public async Task VoidAfterPost_IsRefusedWithAlreadyPosted()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);
        await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 3_000, TransferCode.Purchase));

        var release = await CreateAsync(TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease));

        Assert.That(release.Result, Is.EqualTo(TransferResultCode.PendingTransferAlreadyPosted));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(7_000, 0, 7_000)));
    }

    [Test]
    public async Task PostTwice_IsRefusedWithAlreadyPosted()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);
        await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 1_000, TransferCode.Purchase));

        var second = await CreateAsync(TransferRequest.PostPending(Key("post-again"), holdKey, 1_000, TransferCode.Purchase));

        Assert.That(second.Result, Is.EqualTo(TransferResultCode.PendingTransferAlreadyPosted));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(9_000, 0, 9_000)));
    }

    [Test]
    public async Task PostAfterVoid_IsRefusedWithAlreadyVoided()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);
        await CreateAsync(TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease));

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), holdKey, 3_000, TransferCode.Purchase));
        var voidAgain = await CreateAsync(TransferRequest.VoidPending(Key("void-again"), holdKey, TransferCode.HoldRelease));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.PendingTransferAlreadyVoided));
        Assert.That(voidAgain.Result, Is.EqualTo(TransferResultCode.PendingTransferAlreadyVoided));
    }

    [Test]
    public async Task PendingAndItsPost_InOneBatch_BothApply_AndASecondPostInTheBatchIsRefused()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = Key("hold");

        var outcomes = await CreateBatchAsync(
        [
            TransferRequest.Pending(holdKey, account, SystemAccounts.NetworkSettlement, 4_000, TransferCode.AuthorizationHold),
            TransferRequest.PostPending(Key("post"), holdKey, 4_000, TransferCode.Purchase),
            TransferRequest.VoidPending(Key("void"), holdKey, TransferCode.HoldRelease),
        ]);

        Assert.That(outcomes.Select(o => o.Result), Is.EqualTo(new[] { TransferResultCode.Ok, TransferResultCode.Ok, TransferResultCode.PendingTransferAlreadyPosted }));
        Assert.That(outcomes[1].TransferId, Is.GreaterThan(outcomes[0].TransferId));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(6_000, 0, 6_000)));
        await AssertLedgerBalancedAsync();
    }

    [Test]
    public async Task PostOfAnUnknownPending_IsRefusedWithPendingTransferNotFound()
    {
        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), Key("never-held"), 100, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.PendingTransferNotFound));
    }

    [Test]
    public async Task PostOfASingleTransfer_IsRefusedWithPendingTransferNotPending()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);
        var singleKey = Key("single");
        await CreateAsync(TransferRequest.Single(singleKey, account, SystemAccounts.NetworkSettlement, 100, TransferCode.Purchase));

        var post = await CreateAsync(TransferRequest.PostPending(Key("post"), singleKey, 100, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.PendingTransferNotPending));
    }

    [Test]
    public async Task PostNamingOtherAccounts_IsRefusedWithAccountsDifferFromPending()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);
        var holdKey = await HoldAsync(account, 3_000);

        var post = await CreateAsync(new TransferRequest(Key("post"), TransferKind.PostPending, account, SystemAccounts.BankCash, 3_000, TransferCode.Purchase, PendingIdempotencyKey: holdKey));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.AccountsDifferFromPending));
    }

    [Test]
    public async Task PostWithoutPendingKey_IsRefusedWithPendingTransferRequired()
    {
        var post = await CreateAsync(new TransferRequest(Key("post"), TransferKind.PostPending, 0, 0, 100, TransferCode.Purchase));

        Assert.That(post.Result, Is.EqualTo(TransferResultCode.PendingTransferRequired));
    }

    [Test]
    public async Task SingleWithPendingKey_IsRefusedWithPendingTransferNotAllowed()
    {
        var (_, account) = await NewCardholderAsync(depositMinor: 10_000);

        var single = await CreateAsync(new TransferRequest(Key("single"), TransferKind.Single, account, SystemAccounts.NetworkSettlement, 100, TransferCode.Purchase, PendingIdempotencyKey: "x"));

        Assert.That(single.Result, Is.EqualTo(TransferResultCode.PendingTransferNotAllowed));
    }

    [Test]
    public async Task HoldBeyondAvailable_IsRefusedWithExceedsCredits()
    {
        var (cardholder, account) = await NewCardholderAsync(depositMinor: 1_000);
        await HoldAsync(account, 600);

        var second = await CreateAsync(TransferRequest.Pending(Key("hold"), account, SystemAccounts.NetworkSettlement, 401, TransferCode.AuthorizationHold));

        Assert.That(second.Result, Is.EqualTo(TransferResultCode.ExceedsCredits));
        Assert.That(await BalanceAsync(cardholder), Is.EqualTo(new CardholderBalance(1_000, 600, 400)));
    }

    private async Task<string> HoldAsync(long account, long amountMinor)
    {
        var key = Key("hold");
        var hold = await CreateAsync(TransferRequest.Pending(key, account, SystemAccounts.NetworkSettlement, amountMinor, TransferCode.AuthorizationHold));
        Assert.That(hold.Result, Is.EqualTo(TransferResultCode.Ok));
        return key;
    }
}
