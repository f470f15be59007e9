using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Engine;

/// <summary>Spec §7: an 0120 is recorded whatever the rules say and replaces an earlier decision of the same key.</summary>
public sealed class AdviceTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [Test]
    public void ApprovedAdvice_HoldsItsAmount_EvenBelowZeroAvailable()
    {
        var advice = _engine.Advice(1, EngineHarness.Balance + 30_000, ResponseCode.Approved);
        var outcome = _engine.Decide(advice);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, EngineHarness.Balance + 30_000)));
            Assert.That(_engine.Hold(1, advice.Key)!.Value.ApprovalCode, Is.EqualTo(ApprovalCode.FromString("NET001")));
        });
    }

    [Test]
    public void ApprovedAdvice_OnAFrozenCard_IsStillRecorded()
    {
        _engine.SetStatus(1, Pool.Authorization.Engine.State.CardStatus.Frozen);
        _engine.Decide(_engine.Advice(1, 1_000, ResponseCode.Approved));
        Assert.That(_engine.Balances(1).Held, Is.EqualTo(1_000));
    }

    [Test]
    public void ApprovedAdvice_AfterAnApprovedAuthorization_ReplacesTheHold()
    {
        var purchase = _engine.Purchase(1, 1_000);
        _engine.Decide(purchase);
        _engine.Decide(_engine.Advice(1, 1_500, ResponseCode.Approved, purchase.Key));
        Assert.Multiple(() =>
        {
            Assert.That(_engine.Balances(1).Held, Is.EqualTo(1_500), "the advice replaces the decision rather than adding a second hold");
            Assert.That(_engine.Velocity(1).DailyAmountMinor, Is.EqualTo(1_500));
            Assert.That(_engine.Velocity(1).DailyCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void DeclinedAdvice_AfterAnApprovedAuthorization_ReleasesTheHold()
    {
        var purchase = _engine.Purchase(1, 1_000);
        _engine.Decide(purchase);
        _engine.Decide(_engine.Advice(1, 1_000, ResponseCode.DoNotHonor, purchase.Key));
        Assert.Multiple(() =>
        {
            Assert.That(_engine.Balances(1).Held, Is.Zero);
            Assert.That(_engine.Velocity(1).DailyCount, Is.Zero);
        });
    }

    [Test]
    public void ApprovedAdvice_AfterADeclinedAuthorization_PlacesTheHold()
    {
        var purchase = _engine.Purchase(1, EngineHarness.Balance * 2);
        Assert.That(_engine.Decide(purchase).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        _engine.Decide(_engine.Advice(1, EngineHarness.Balance * 2, ResponseCode.Approved, purchase.Key));
        Assert.That(_engine.Balances(1).Held, Is.EqualTo(EngineHarness.Balance * 2));
    }

    [Test]
    public void PartialApprovalAdvice_HoldsTheAdvisedAmount()
    {
        _engine.Decide(_engine.Advice(1, 700, ResponseCode.PartialApproval));
        Assert.That(_engine.Balances(1).Held, Is.EqualTo(700));
    }

    [Test]
    public void RepeatedAdvice_IsIdempotent()
    {
        var advice = _engine.Advice(1, 1_000, ResponseCode.Approved);
        _engine.Decide(advice);
        var repeat = _engine.Decide(advice with { IsRepeat = true });
        Assert.Multiple(() =>
        {
            Assert.That(repeat.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(repeat.IsRetransmission, Is.True);
            Assert.That(_engine.Balances(1).Held, Is.EqualTo(1_000));
        });
    }

    [Test]
    public void Advice_ForAnUnknownCard_IsAcknowledgedAndChangesNothing()
    {
        var before = _engine.State.Snapshot();
        Assert.That(_engine.Decide(_engine.Advice(999, 1_000, ResponseCode.Approved)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.State.Snapshot().Accounts, Is.EqualTo(before.Accounts));
    }

    [Test]
    public void ApprovedAdvice_CountsInVelocity()
    {
        _engine.Decide(_engine.Advice(1, 2_000, ResponseCode.Approved));
        Assert.That(_engine.Velocity(1).DailyAmountMinor, Is.EqualTo(2_000));
        Assert.That(_engine.Velocity(1).DailyCount, Is.EqualTo(1));
    }
}
