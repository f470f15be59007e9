using Pool.Authorization.Engine.Decisions;

namespace Pool.Tests.Engine;

/// <summary>Spec §5–§6: approvals, partial approvals, refunds and balance inquiries.</summary>
public sealed class ApprovalTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    [Test]
    public void Authorization_WithinAvailableBalance_IsApprovedWithAHold()
    {
        var request = _engine.Purchase(1, 1_200);
        var outcome = _engine.Decide(request);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(outcome.ApprovalCode.IsNone, Is.False);
            Assert.That(outcome.ApprovedAmountMinor, Is.EqualTo(1_200));
            Assert.That(outcome.HasAvailableBalance, Is.True, "DE54 is in every approval (spec §4 note 5)");
            Assert.That(outcome.AvailableBalanceMinor, Is.EqualTo(EngineHarness.Balance - 1_200));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 1_200L)));
            Assert.That(_engine.Hold(1, request.Key)!.Value.AmountMinor, Is.EqualTo(1_200));
        });
    }

    [Test]
    public void Authorization_ForTheWholeAvailableBalance_IsApproved()
    {
        Assert.That(_engine.Decide(_engine.Purchase(1, EngineHarness.Balance)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void Authorization_AboveAvailable_WithPartialApprovalTag_IsApprovedWith10ForTheAvailableAmount()
    {
        var request = _engine.Purchase(1, EngineHarness.Balance + 5_000) with { PartialApprovalSupported = true };
        var outcome = _engine.Decide(request);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.PartialApproval));
            Assert.That(outcome.ApprovedAmountMinor, Is.EqualTo(EngineHarness.Balance));
            Assert.That(outcome.ApprovedTransactionAmountMinor, Is.EqualTo(EngineHarness.Balance));
            Assert.That(outcome.ApprovalCode.IsNone, Is.False);
            Assert.That(outcome.AvailableBalanceMinor, Is.Zero);
            Assert.That(_engine.Hold(1, request.Key)!.Value.AmountMinor, Is.EqualTo(EngineHarness.Balance));
        });
    }

    [Test]
    public void PartialApproval_DecidedOnDe6_ScalesDe4ByTheSameRatio()
    {
        // 2,000.00 USD billed 200,000 JPY; 100,000 JPY available: half, so DE4 of the answer is 1,000.00 USD.
        var request = _engine.Purchase(1, 200_000) with { HasDe6 = true, De6BillingAmountMinor = 200_000, De4AmountMinor = 200_000_00, De49CurrencyCode = 840, PartialApprovalSupported = true };
        var outcome = _engine.Decide(request);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.PartialApproval));
            Assert.That(outcome.ApprovedAmountMinor, Is.EqualTo(100_000));
            Assert.That(outcome.ApprovedTransactionAmountMinor, Is.EqualTo(100_000_00));
        });
    }

    [Test]
    public void Authorization_AboveAvailable_WithPartialApprovalTag_AndNothingAvailable_IsDeclinedWith51()
    {
        _engine.Decide(_engine.Purchase(1, EngineHarness.Balance));
        var request = _engine.Purchase(1, 100) with { PartialApprovalSupported = true };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.InsufficientFunds));
    }

    [Test]
    public void Refund_IsApprovedWithoutAHold()
    {
        var outcome = _engine.Decide(_engine.Purchase(1, 50_000) with { De3ProcessingCode = 20 });
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(outcome.ApprovalCode.IsNone, Is.False);
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 0L)));
            Assert.That(_engine.State.Snapshot().Holds, Is.Empty);
        });
    }

    [Test]
    public void Refund_AboveAvailableBalance_IsApproved()
    {
        Assert.That(_engine.Decide(_engine.Purchase(1, EngineHarness.Balance * 3) with { De3ProcessingCode = 20 }).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void BalanceInquiry_IsApprovedWithDe54AndNoHold()
    {
        _engine.Decide(_engine.Purchase(1, 1_000));
        var outcome = _engine.Decide(_engine.Purchase(1, 0) with { De3ProcessingCode = 30 });
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.Approved));
            Assert.That(outcome.HasAvailableBalance, Is.True);
            Assert.That(outcome.AvailableBalanceMinor, Is.EqualTo(EngineHarness.Balance - 1_000));
            Assert.That(_engine.Balances(1), Is.EqualTo((EngineHarness.Balance, 1_000L)));
        });
    }

    [Test]
    public void Approval_CountsInDailyAndMonthlyVelocity()
    {
        _engine.Decide(_engine.Purchase(1, 1_000));
        _engine.Decide(_engine.Purchase(1, 2_000) with { De3ProcessingCode = 1 });
        var velocity = _engine.Velocity(1);
        Assert.Multiple(() =>
        {
            Assert.That(velocity.DailyAmountMinor, Is.EqualTo(3_000));
            Assert.That(velocity.DailyCount, Is.EqualTo(2));
            Assert.That(velocity.MonthlyAmountMinor, Is.EqualTo(3_000));
        });
    }

    [Test]
    public void DailyLimit_RunsOverTheTokyoCalendarDay()
    {
        _engine.SetControls(1, Pool.Authorization.Engine.State.CardControls.Default with { DailyLimitMinor = 1_000, DailyCountMax = 1 });
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        // 14:59:59 UTC is 23:59:59 in Tokyo: still the same day.
        _engine.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 14, 59, 59, TimeSpan.Zero));
        Assert.That(_engine.Decide(_engine.Purchase(1, 1)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
        // 15:00 UTC is midnight in Tokyo: a new day (though still the 24th in UTC).
        _engine.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public void DailyLimit_FollowsTheClockBackwards()
    {
        // The partition caches the Tokyo day; a clock set back (an operator correction) must not keep the later day.
        var clock = new SettableClock { UtcNow = new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero) };
        var state = EngineHarness.Load(_engine.Options, 1);
        var core = new Pool.Authorization.Engine.Processing.AuthorizationEngine(state, new RecordingJournal(), 1, clock).Partition(0);
        core.Execute(new Pool.Authorization.Engine.Processing.AccountCommand { Kind = Pool.Authorization.Engine.Processing.AccountCommandKind.CardControlsChange, CardId = 1, Controls = Pool.Authorization.Engine.State.CardControls.Default with { DailyCountMax = 1 } }, out _, out _);
        core.Decide(_engine.Purchase(1, 100), out var first, out _);
        Assert.That(first.ResponseCode, Is.EqualTo(ResponseCode.Approved));
        state.LoadVelocity(1, new Pool.Authorization.Engine.State.CardVelocity { DayNumber = Pool.Authorization.Engine.State.TokyoCalendar.DayNumber(EngineHarness.Start), DailyCount = 1 });
        clock.UtcNow = EngineHarness.Start;
        core.Decide(_engine.Purchase(1, 100), out var second, out _);
        Assert.That(second.ResponseCode, Is.EqualTo(ResponseCode.ExceedsFrequencyLimit));
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset UtcNow { get; set; }

        public override DateTimeOffset GetUtcNow() => UtcNow;
    }

    [Test]
    public void MonthlyLimit_RunsOverTheTokyoCalendarMonth()
    {
        _engine.SetControls(1, Pool.Authorization.Engine.State.CardControls.Default with { MonthlyLimitMinor = 1_000 });
        _engine.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero));
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
        // 15:00 UTC on 30 November is 1 December in Tokyo.
        _engine.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero));
        Assert.That(_engine.Decide(_engine.Purchase(1, 1_000)).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }

    [Test]
    public async Task HoldTable_WhenFull_AnswersWith91AndRecordsNothing()
    {
        await using var engine = new EngineHarness(configure: o => o.HoldsPerPartitionMax = 2);
        engine.Decide(engine.Purchase(1, 10));
        engine.Decide(engine.Purchase(1, 10));
        var request = engine.Purchase(1, 10);
        var outcome = engine.Decide(request);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ResponseCode, Is.EqualTo(ResponseCode.IssuerUnavailable));
            Assert.That(outcome.RecordProduced, Is.False);
            Assert.That(engine.Balances(1).Held, Is.EqualTo(20));
        });
        // Spec §8: a request answered 91 is decided anew when repeated.
        engine.Execute(new Pool.Authorization.Engine.Processing.AccountCommand { Kind = Pool.Authorization.Engine.Processing.AccountCommandKind.HoldExpiry, AccountId = 1, HoldKey = engine.Records[0].Key });
        Assert.That(engine.Decide(request with { IsRepeat = true }).ResponseCode, Is.EqualTo(ResponseCode.Approved));
    }
}
