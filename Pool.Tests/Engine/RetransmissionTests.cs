using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Journal;

namespace Pool.Tests.Engine;

/// <summary>Spec §8: a request with the MTI and key of one already answered gets the earlier answer and changes nothing.</summary>
public sealed class RetransmissionTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [Test]
    public void RepeatedAuthorization_GetsTheEarlierAnswer_AndChangesNothing()
    {
        var purchase = _engine.Purchase(1, 1_000);
        var first = _engine.Decide(purchase);
        _engine.Decide(_engine.Purchase(1, 5_000));
        var before = _engine.State.Snapshot();
        var repeat = _engine.Decide(purchase with { IsRepeat = true });
        Assert.Multiple(() =>
        {
            Assert.That(repeat.IsRetransmission, Is.True);
            Assert.That(repeat.ResponseCode, Is.EqualTo(first.ResponseCode));
            Assert.That(repeat.ApprovalCode, Is.EqualTo(first.ApprovalCode));
            Assert.That(repeat.AvailableBalanceMinor, Is.EqualTo(first.AvailableBalanceMinor), "the earlier answer, DE54 included");
            Assert.That(_engine.State.Snapshot().DifferencesFrom(before), Is.Empty);
            Assert.That(_engine.Records[^1].Kind, Is.EqualTo(JournalRecordKind.Retransmission));
        });
    }

    [Test]
    public void RepeatedDecline_GetsTheEarlierDecline_EvenAfterADeposit()
    {
        var purchase = _engine.Purchase(1, EngineHarness.Balance + 1);
        Assert.That(_engine.Decide(purchase).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        _engine.Execute(new Pool.Authorization.Engine.Processing.AccountCommand { Kind = Pool.Authorization.Engine.Processing.AccountCommandKind.Deposit, AccountId = 1, AmountMinor = 10_000 });
        Assert.That(_engine.Decide(purchase).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
    }

    [Test]
    public void SameKey_WithAnotherMti_IsNotARetransmission()
    {
        var purchase = _engine.Purchase(1, 1_000);
        _engine.Decide(purchase);
        var reversal = _engine.Reversal(1, purchase.Key) with { Key = purchase.Key };
        var outcome = _engine.Decide(reversal);
        Assert.That(outcome.IsRetransmission, Is.False);
        Assert.That(_engine.Balances(1).Held, Is.Zero);
    }

    [Test]
    public void RepeatedReversal_GetsTheEarlierAnswer()
    {
        var purchase = _engine.Purchase(1, 1_000);
        _engine.Decide(purchase);
        var reversal = _engine.Reversal(1, purchase.Key);
        _engine.Decide(reversal);
        var repeat = _engine.Decide(reversal with { IsRepeat = true });
        Assert.That(repeat.IsRetransmission, Is.True);
        Assert.That(repeat.ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }
}
