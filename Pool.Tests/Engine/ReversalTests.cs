using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Engine;

/// <summary>Spec §7–§8: full and partial reversals, repeats, reversal advices, unknown originals.</summary>
public sealed class ReversalTests
{
    private EngineHarness _engine = null!;
    private TransactionKey _original;

    [SetUp]
    public void SetUp()
    {
        _engine = new EngineHarness();
        var purchase = _engine.Purchase(1, 1_200);
        _original = purchase.Key;
        Assert.That(_engine.Decide(purchase).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [Test]
    public void FullReversal_ReleasesTheHold()
    {
        var outcome = _engine.Decide(_engine.Reversal(1, _original));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 0L)));
            Assert.That(_engine.Hold(1, _original)!.Value.AmountMinor, Is.Zero);
        });
    }

    [Test]
    public void PartialReversal_ReducesTheHoldToTheReplacementAmount()
    {
        Assert.That(_engine.Decide(_engine.Reversal(1, _original, replacementMinor: 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1).Held, Is.EqualTo(1_000));
    }

    [Test]
    public void PartialReversal_AtOrAboveWhatIsHeld_ChangesNothing()
    {
        var before = _engine.State.Snapshot();
        Assert.That(_engine.Decide(_engine.Reversal(1, _original, replacementMinor: 1_200)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Decide(_engine.Reversal(1, _original, replacementMinor: 5_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        var after = _engine.State.Snapshot();
        Assert.That(after.Accounts, Is.EqualTo(before.Accounts));
        Assert.That(after.Holds, Is.EqualTo(before.Holds));
    }

    [Test]
    public void FullReversal_OfAFullyReversedAuthorization_IsAnswered00AndChangesNothing()
    {
        _engine.Decide(_engine.Reversal(1, _original));
        var before = _engine.State.Snapshot();
        Assert.That(_engine.Decide(_engine.Reversal(1, _original)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.State.Snapshot().Accounts, Is.EqualTo(before.Accounts));
        Assert.That(_engine.State.Snapshot().Holds, Is.EqualTo(before.Holds));
    }

    [Test]
    public void FullReversal_OfAPartiallyReversedAuthorization_ReleasesTheRest()
    {
        _engine.Decide(_engine.Reversal(1, _original, replacementMinor: 700));
        _engine.Decide(_engine.Reversal(1, _original));
        Assert.That(_engine.Balances(1).Held, Is.Zero);
    }

    [Test]
    public void Reversal_OfAnUnknownAuthorization_IsAnsweredWith25()
    {
        Assert.That(_engine.Decide(_engine.Reversal(1, _engine.NextKey())).ResponseCode, Is.EqualTo(ResponseCode.UnableToLocateOriginal));
    }

    [Test]
    public void Reversal_NamingAnotherCard_IsAnsweredWith25()
    {
        Assert.That(_engine.Decide(_engine.Reversal(2, _original)).ResponseCode, Is.EqualTo(ResponseCode.UnableToLocateOriginal));
        Assert.That(_engine.Balances(1).Held, Is.EqualTo(1_200));
    }

    [Test]
    public void Reversal_OfADeclinedAuthorization_IsAnsweredWith25()
    {
        var declined = _engine.Purchase(1, EngineHarness.Balance * 2);
        _engine.Decide(declined);
        Assert.That(_engine.Decide(_engine.Reversal(1, declined.Key)).ResponseCode, Is.EqualTo(ResponseCode.UnableToLocateOriginal));
    }

    [Test]
    public void Reversal_OfARefund_IsAnswered00AndChangesNothing()
    {
        var refund = _engine.Purchase(1, 500) with { De3ProcessingCode = 20 };
        _engine.Decide(refund);
        Assert.That(_engine.Decide(_engine.Reversal(1, refund.Key)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 1_200L)));
    }

    [Test]
    public void ReversalAdvice_ForALateAnswer_ReleasesTheHold()
    {
        // Spec §7: an 0110 that arrived too late is reversed by an 0420 with DE39 68.
        Assert.That(_engine.Decide(_engine.Reversal(1, _original, kind: RequestKind.ReversalAdvice)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1).Held, Is.Zero);
    }

    [Test]
    public void Reversal_OnALostCard_StillReleasesTheHold()
    {
        _engine.SetStatus(1, Pool.Authorization.Engine.State.CardStatus.Lost);
        Assert.That(_engine.Decide(_engine.Reversal(1, _original)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1).Held, Is.Zero);
    }

    [Test]
    public void Reversal_NetsTheVelocityCounters()
    {
        _engine.Decide(_engine.Reversal(1, _original, replacementMinor: 200));
        Assert.That(_engine.Velocity(1).DailyAmountMinor, Is.EqualTo(200));
        Assert.That(_engine.Velocity(1).DailyCount, Is.EqualTo(1));
        _engine.Decide(_engine.Reversal(1, _original));
        Assert.That(_engine.Velocity(1).DailyAmountMinor, Is.Zero);
        Assert.That(_engine.Velocity(1).DailyCount, Is.Zero);
        Assert.That(_engine.Velocity(1).MonthlyAmountMinor, Is.Zero);
    }

    [Test]
    public void PartialReversal_OfAHoldDecidedOnDe6_ReadsTheBillingReplacementAmount()
    {
        var foreign = _engine.Purchase(1, 1_000) with { De49CurrencyCode = 840, HasDe6 = true, De6BillingAmountMinor = 15_000 };
        _engine.Decide(foreign);
        var reversal = _engine.Reversal(1, foreign.Key, replacementMinor: 400) with { De95ReplacementBillingAmountMinor = 6_000 };
        _engine.Decide(reversal);
        Assert.That(_engine.Hold(1, foreign.Key)!.Value.AmountMinor, Is.EqualTo(6_000));
    }
}
