using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>Spec §6: each decline code on its own, for an 0100 purchase of card 1.</summary>
public sealed class AuthorizationDeclineTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [TestCase((byte)2, TestName = "Authorization_WithProcessingCode02_IsDeclinedWith12")]
    [TestCase((byte)31, TestName = "Authorization_WithProcessingCode31_IsDeclinedWith12")]
    [TestCase((byte)99, TestName = "Authorization_WithProcessingCode99_IsDeclinedWith12")]
    public void Authorization_WithUnsupportedProcessingCode_IsDeclinedWith12(byte processingCode)
    {
        var outcome = _engine.Decide(_engine.Purchase(1, 1_000) with { De3ProcessingCode = processingCode });
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.InvalidTransaction));
    }

    [Test]
    public void Authorization_ForUnknownCard_IsDeclinedWith14()
    {
        var outcome = _engine.Decide(_engine.Purchase(999, 1_000));
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
    }

    [Test]
    public void Authorization_WithBadLuhn_IsDeclinedWith14()
    {
        var outcome = _engine.Decide(_engine.Purchase(1, 1_000) with { PanLuhnValid = false });
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
    }

    [Test]
    public void Authorization_WithExpiryInThePast_IsDeclinedWith54()
    {
        // The card's own expiry is in the past too: DE14 matches it but the month has gone.
        Assert.That(DecideOnCardExpiring(2610), Is.EqualTo(ResponseCode.ExpiredCard));
    }

    [Test]
    public void Authorization_WithExpiryThisMonth_IsApproved()
    {
        Assert.That(DecideOnCardExpiring(2611), Is.EqualTo(ResponseCode.Approved));
    }

    /// <summary>A purchase on a card whose own expiry is <paramref name="expiryYymm"/>, with DE14 the same.</summary>
    private ResponseCode DecideOnCardExpiring(short expiryYymm)
    {
        var state = new EngineState(_engine.Options);
        state.LoadAccount(1, 100_000);
        state.LoadCard(1, EngineHarness.CardKey(1), 1, CardStatus.Active, expiryYymm, CardControls.Default);
        var engine = new Pool.Authorization.Engine.Processing.AuthorizationEngine(state, new RecordingJournal(), 1, _engine.Clock);
        engine.Partition(0).Decide(_engine.Purchase(1, 1_000) with { De14ExpiryYymm = expiryYymm }, out var outcome, out _);
        return outcome.ResponseCode;
    }

    [Test]
    public void Authorization_WithExpiryNotTheCards_IsDeclinedWith54()
    {
        var outcome = _engine.Decide(_engine.Purchase(1, 1_000) with { De14ExpiryYymm = 2912 });
        Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.ExpiredCard));
    }

    [TestCase(CardStatus.Lost, ResponseCode.LostCard, TestName = "Authorization_OnLostCard_IsDeclinedWith41")]
    [TestCase(CardStatus.Stolen, ResponseCode.StolenCard, TestName = "Authorization_OnStolenCard_IsDeclinedWith43")]
    [TestCase(CardStatus.Frozen, ResponseCode.RestrictedCard, TestName = "Authorization_OnFrozenCard_IsDeclinedWith62")]
    [TestCase(CardStatus.Closed, ResponseCode.RestrictedCard, TestName = "Authorization_OnClosedCard_IsDeclinedWith62")]
    public void Authorization_OnCardNotActive_IsDeclinedByStatus(CardStatus status, ResponseCode expected)
    {
        _engine.SetStatus(1, status);
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(expected));
    }

    [Test]
    public void Authorization_WithZeroAmount_IsDeclinedWith13()
    {
        Assert.That(_engine.Decide(_engine.Purchase(1, 0)).ResponseCode, Is.EqualTo(ResponseCode.InvalidAmount));
    }

    [Test]
    public void Authorization_WithAmountOver12Digits_IsDeclinedWith13()
    {
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000_000_000_000)).ResponseCode, Is.EqualTo(ResponseCode.InvalidAmount));
    }

    [Test]
    public void Authorization_AtBlockedMcc_IsDeclinedWith57()
    {
        var controls = CardControls.Default;
        controls.SetBlockedMccs([7995, 5499]);
        _engine.SetControls(1, controls);
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void Authorization_ECommerceByPosEntryMode81_WhenECommerceRefused_IsDeclinedWith57()
    {
        _engine.SetControls(1, CardControls.Default with { AllowEcommerce = false });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000) with { De22PosEntryMode = 81 }).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void Authorization_ECommerceByPosCondition59_WhenECommerceRefused_IsDeclinedWith57()
    {
        _engine.SetControls(1, CardControls.Default with { AllowEcommerce = false });
        var request = _engine.Purchase(1, 1_000) with { HasDe25 = true, De25PosConditionCode = 59 };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void Authorization_InPerson_WhenECommerceRefused_IsApproved()
    {
        _engine.SetControls(1, CardControls.Default with { AllowEcommerce = false });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void Authorization_Abroad_WhenInternationalRefused_IsDeclinedWith57()
    {
        _engine.SetControls(1, CardControls.Default with { AllowInternational = false });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000) with { De19CountryCode = 840 }).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void Authorization_CashByProcessingCode01_WhenCashRefused_IsDeclinedWith57()
    {
        _engine.SetControls(1, CardControls.Default with { AllowCash = false });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000) with { De3ProcessingCode = 1 }).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [TestCase((short)6010, TestName = "Authorization_AtMcc6010_WhenCashRefused_IsDeclinedWith57")]
    [TestCase((short)6011, TestName = "Authorization_AtMcc6011_WhenCashRefused_IsDeclinedWith57")]
    public void Authorization_AtCashMcc_WhenCashRefused_IsDeclinedWith57(short mcc)
    {
        _engine.SetControls(1, CardControls.Default with { AllowCash = false });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000) with { De18Mcc = mcc }).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void Authorization_AbovePerTransactionLimit_IsDeclinedWith61()
    {
        _engine.SetControls(1, CardControls.Default with { PerTransactionLimitMinor = 999 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
    }

    [Test]
    public void Authorization_AtPerTransactionLimit_IsApproved()
    {
        _engine.SetControls(1, CardControls.Default with { PerTransactionLimitMinor = 1_000 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void Authorization_AboveDailyLimit_IsDeclinedWith61()
    {
        _engine.SetControls(1, CardControls.Default with { DailyLimitMinor = 1_500 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Decide(_engine.Purchase(1, 501)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
        Assert.That(_engine.Decide(_engine.Purchase(1, 500)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void Authorization_AboveMonthlyLimit_IsDeclinedWith61()
    {
        _engine.SetControls(1, CardControls.Default with { MonthlyLimitMinor = 1_500 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        _engine.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(_engine.Decide(_engine.Purchase(1, 501)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
    }

    [Test]
    public void Authorization_AboveDailyCount_IsDeclinedWith65()
    {
        _engine.SetControls(1, CardControls.Default with { DailyCountMax = 2 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Decide(_engine.Purchase(1, 100)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        Assert.That(_engine.Decide(_engine.Purchase(1, 100)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsFrequencyLimit));
    }

    [Test]
    public void Authorization_AboveAvailableBalance_IsDeclinedWith51()
    {
        var outcome = _engine.Decide(_engine.Purchase(1, EngineHarness.Balance + 1));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
            Assert.That(outcome.ApprovalCode.IsNone, Is.True);
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 0L)));
        });
    }

    [Test]
    public void Authorization_DecidesOnDe6WhenPresent()
    {
        // 10 USD (DE4 1000 cents) billed as 150,000 JPY: above the balance, so 51 although DE4 is small.
        var request = _engine.Purchase(1, 1_000) with { De49CurrencyCode = 840, HasDe6 = true, De6BillingAmountMinor = 150_000, De51BillingCurrencyCode = 392 };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
    }

    [Test]
    public void Decline_ChangesNothingButTheRecentAnswer()
    {
        _engine.SetControls(1, CardControls.Default with { DailyCountMax = 0 });
        var before = _engine.State.Snapshot();
        var outcome = _engine.Decide(_engine.Purchase(1, 100));
        var after = _engine.State.Snapshot();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.ExceedsFrequencyLimit));
            Assert.That(outcome.RecordProduced, Is.True, "a decline is logged and its answer kept for retransmissions");
            Assert.That(after.Accounts, Is.EqualTo(before.Accounts));
            Assert.That(after.Holds, Is.Empty);
            Assert.That(after.RecentAnswers, Has.Count.EqualTo(before.RecentAnswers.Count + 1));
        });
    }
}
