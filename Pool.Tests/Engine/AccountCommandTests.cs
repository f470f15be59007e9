using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.Processing;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>Issue 5: deposits, withdrawals, clearing, expiries, status and control changes go through the ordered path and apply to the next authorization.</summary>
public sealed class AccountCommandTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [Test]
    public void Deposit_RaisesPostedAndAvailable()
    {
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.Deposit, AccountId = 1, AmountMinor = 5_000 }).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance + 5_000, 0L)));
        Assert.That(_engine.Decide(_engine.Purchase(1, EngineHarness.Balance + 5_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [TestCase(0L, TestName = "Deposit_OfZero_IsRefusedWith13")]
    [TestCase(-5L, TestName = "Deposit_Negative_IsRefusedWith13")]
    public void Deposit_NotPositive_IsRefusedWith13(long amount)
    {
        var outcome = _engine.Execute(new AccountCommand { Kind = AccountCommandKind.Deposit, AccountId = 1, AmountMinor = amount });
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.InvalidAmount));
        Assert.That(outcome.RecordProduced, Is.False);
    }

    [Test]
    public void Withdrawal_AboveAvailable_IsRefusedWith51()
    {
        _engine.Decide(_engine.Purchase(1, 60_000));
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.Withdrawal, AccountId = 1, AmountMinor = 40_001 }).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.Withdrawal, AccountId = 1, AmountMinor = 40_000 }).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance - 40_000, 60_000L)));
    }

    [Test]
    public void ClearingPosting_ReleasesTheHoldAndPostsTheClearedAmount()
    {
        var purchase = _engine.Purchase(1, 1_200);
        _engine.Decide(purchase);
        var outcome = _engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = 1, HoldKey = purchase.Key, HasHoldKey = true, AmountMinor = -1_180 });
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance - 1_180, 0L)));
            Assert.That(_engine.Hold(1, purchase.Key), Is.Null);
        });
    }

    [Test]
    public void ClearingPosting_ThatReducesTheHold_KeepsTheRestHeld_AndTheLastReleasesIt()
    {
        var purchase = _engine.Purchase(1, 1_200);
        _engine.Decide(purchase);
        var first = _engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = 1, HoldKey = purchase.Key, HasHoldKey = true, ReducesHold = true, AmountMinor = -500 });
        Assert.Multiple(() =>
        {
            Assert.That(first.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance - 500, 700L)));
            Assert.That(_engine.Hold(1, purchase.Key)?.AmountMinor, Is.EqualTo(700));
        });

        // Above what is held: the hold goes to zero (and stays, for the last sequence), the excess is posted too.
        _engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = 1, HoldKey = purchase.Key, HasHoldKey = true, ReducesHold = true, AmountMinor = -900 });
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance - 1_400, 0L)));
        Assert.That(_engine.Hold(1, purchase.Key)?.AmountMinor, Is.EqualTo(0));

        _engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = 1, HoldKey = purchase.Key, HasHoldKey = true, AmountMinor = -100 });
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance - 1_500, 0L)));
        Assert.That(_engine.Hold(1, purchase.Key), Is.Null);
    }

    [Test]
    public void ClearingPosting_WithoutAuthorization_IsForcedBelowZero()
    {
        _engine.Execute(new AccountCommand { Kind = AccountCommandKind.ClearingPosting, AccountId = 1, AmountMinor = -(EngineHarness.Balance + 700) });
        Assert.That(_engine.Balances(1), Is.EqualTo((-700L, 0L)));
        Assert.That(_engine.Decide(_engine.Purchase(1, 1)).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
    }

    [Test]
    public void HoldExpiry_ReleasesTheHold()
    {
        var purchase = _engine.Purchase(1, 1_200);
        _engine.Decide(purchase);
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.HoldExpiry, AccountId = 1, HoldKey = purchase.Key }).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 0L)));
    }

    [Test]
    public void HoldExpiry_OfAnUnknownHold_IsRefusedWith25()
    {
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.HoldExpiry, AccountId = 1, HoldKey = _engine.NextKey() }).ResponseCode, Is.EqualTo(ResponseCode.UnableToLocateOriginal));
    }

    [Test]
    public void StatusChange_AppliesToTheNextAuthorization()
    {
        _engine.SetStatus(1, CardStatus.Frozen);
        Assert.That(_engine.Decide(_engine.Purchase(1, 100)).ResponseCode, Is.EqualTo(ResponseCode.RestrictedCard));
        _engine.SetStatus(1, CardStatus.Active);
        Assert.That(_engine.Decide(_engine.Purchase(1, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void Command_ForAnUnknownAccount_IsRefusedWith14()
    {
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.Deposit, AccountId = 999, AmountMinor = 1 }).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
        Assert.That(_engine.Execute(new AccountCommand { Kind = AccountCommandKind.CardStatusChange, CardId = 999, Status = CardStatus.Lost }).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
    }

    [Test]
    public void BlockedMccs_AboveTheMaximum_AreRefusedAtTheBoundary()
    {
        var controls = CardControls.Default;
        Assert.Throws<ArgumentOutOfRangeException>(() => controls.SetBlockedMccs(new short[CardControls.BlockedMccsMax + 1]));
    }
}
