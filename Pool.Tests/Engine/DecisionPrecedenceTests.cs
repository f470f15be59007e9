using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Tests.Engine;

/// <summary>Spec §6: when several codes apply, the first of 12, 14, 54, 41/43/62, 13, 57, 61, 65, 51 is answered.</summary>
public sealed class DecisionPrecedenceTests
{
    private EngineHarness _engine = null!;

    [SetUp]
    public void SetUp() => _engine = new EngineHarness();

    [TearDown]
    public async Task DisposeEngineAsync() => await _engine.DisposeAsync();

    /// <summary>Everything wrong at once, the card lost and refusing everything.</summary>
    private AuthorizationRequest EverythingWrong()
    {
        var controls = CardControls.Default with
        {
            AllowCash = false,
            PerTransactionLimitMinor = 1,
            DailyCountMax = 0,
        };
        controls.SetBlockedMccs([6011]);
        _engine.SetControls(1, controls);
        _engine.SetStatus(1, CardStatus.Lost);
        return _engine.Purchase(1, 0) with { De3ProcessingCode = 77, De14ExpiryYymm = 2001, De18Mcc = 6011, PanLuhnValid = false };
    }

    [Test]
    public void UnsupportedProcessingCode_ComesBefore_InvalidCard()
    {
        Assert.That(_engine.Decide(EverythingWrong()).ResponseCode, Is.EqualTo(ResponseCode.InvalidTransaction));
    }

    [Test]
    public void InvalidCard_ComesBefore_Expiry()
    {
        Assert.That(_engine.Decide(EverythingWrong() with { De3ProcessingCode = 1 }).ResponseCode, Is.EqualTo(ResponseCode.InvalidCardNumber));
    }

    [Test]
    public void Expiry_ComesBefore_Status()
    {
        var request = EverythingWrong() with { De3ProcessingCode = 1, PanLuhnValid = true };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.ExpiredCard));
    }

    [Test]
    public void Status_ComesBefore_Amount()
    {
        var request = EverythingWrong() with { De3ProcessingCode = 1, PanLuhnValid = true, De14ExpiryYymm = EngineHarness.Expiry };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.LostCard));
    }

    [Test]
    public void Amount_ComesBefore_Controls()
    {
        var request = EverythingWrong() with { De3ProcessingCode = 1, PanLuhnValid = true, De14ExpiryYymm = EngineHarness.Expiry };
        _engine.SetStatus(1, CardStatus.Active);
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.InvalidAmount));
    }

    [Test]
    public void Controls_ComeBefore_AmountLimits()
    {
        var request = EverythingWrong() with { De3ProcessingCode = 1, PanLuhnValid = true, De14ExpiryYymm = EngineHarness.Expiry, De4AmountMinor = EngineHarness.Balance * 2 };
        _engine.SetStatus(1, CardStatus.Active);
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.NotPermitted));
    }

    [Test]
    public void AmountLimits_ComeBefore_CountLimit()
    {
        _engine.SetControls(1, CardControls.Default with { PerTransactionLimitMinor = 1, DailyCountMax = 0 });
        Assert.That(_engine.Decide(_engine.Purchase(1, EngineHarness.Balance * 2)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
    }

    [Test]
    public void CountLimit_ComesBefore_InsufficientFunds()
    {
        _engine.SetControls(1, CardControls.Default with { DailyCountMax = 0 });
        Assert.That(_engine.Decide(_engine.Purchase(1, EngineHarness.Balance * 2)).ResponseCode, Is.EqualTo(ResponseCode.ExceedsFrequencyLimit));
    }

    [Test]
    public void AmountLimit_IsNotTurnedIntoPartialApproval()
    {
        _engine.SetControls(1, CardControls.Default with { PerTransactionLimitMinor = 500 });
        var request = _engine.Purchase(1, 1_000) with { PartialApprovalSupported = true };
        Assert.That(_engine.Decide(request).ResponseCode, Is.EqualTo(ResponseCode.ExceedsAmountLimit));
    }
}
