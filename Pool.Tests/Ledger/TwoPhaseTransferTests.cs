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
}
