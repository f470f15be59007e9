using Pool.Modules.Cards.Api;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;

namespace Pool.Tests.Cards;

/// <summary>Controls are checked field by field, and each error is keyed by its JSON name.</summary>
public sealed class ControlsRulesTests
{
    private static ControlsRequest Valid() => new(10_000, 50_000, 300_000, 20, ["7995", "6011"], true, false, true);

    [Test]
    public void ValidControls_AreAccepted()
    {
        Assert.That(ControlsRules.TryValidate(Valid(), out var controls, out var errors), Is.True);
        Assert.That(errors, Is.Empty);
        Assert.That(controls.PerTransactionLimit, Is.EqualTo(10_000));
        Assert.That(controls.BlockedMccs, Is.EqualTo(new[] { "7995", "6011" }));
        Assert.That(controls.AllowInternational, Is.False);
    }

    [Test]
    public void NullLimits_MeanNone()
    {
        var request = Valid() with { PerTransactionLimit = null, DailyLimit = null, MonthlyLimit = null, DailyCount = null, BlockedMccs = null };
        Assert.That(ControlsRules.TryValidate(request, out var controls, out _), Is.True);
        Assert.That(controls.PerTransactionLimit, Is.Null);
        Assert.That(controls.BlockedMccs, Is.Empty);
    }

    // Limits are null or 1..999,999,999,999 (DE4 is twelve digits).
    [TestCase(0L, "perTransactionLimit")]
    [TestCase(-1L, "perTransactionLimit")]
    [TestCase(1_000_000_000_000L, "perTransactionLimit")]
    public void PerTransactionLimit_OutOfRange_IsRefusedNamingTheField(long value, string field) =>
        AssertRefused(Valid() with { PerTransactionLimit = value }, field);

    [Test]
    public void DailyLimit_OfZero_IsRefusedNamingTheField() => AssertRefused(Valid() with { DailyLimit = 0 }, "dailyLimit");

    [Test]
    public void MonthlyLimit_AboveTwelveDigits_IsRefusedNamingTheField() => AssertRefused(Valid() with { MonthlyLimit = 1_000_000_000_000 }, "monthlyLimit");

    [Test]
    public void LargestLimit_IsAccepted() =>
        Assert.That(ControlsRules.TryValidate(Valid() with { PerTransactionLimit = 999_999_999_999 }, out _, out _), Is.True);

    [TestCase(0)]
    [TestCase(10_001)]
    public void DailyCount_OutOfRange_IsRefusedNamingTheField(int value) => AssertRefused(Valid() with { DailyCount = value }, "dailyCount");

    // MCCs are exactly four digits (ISO 18245).
    [TestCase("799")]
    [TestCase("79950")]
    [TestCase("79a5")]
    [TestCase("")]
    [TestCase(null)]
    public void BlockedMcc_NotFourDigits_IsRefusedNamingItsIndex(string? mcc) =>
        AssertRefused(Valid() with { BlockedMccs = ["5411", "7995", mcc] }, "blockedMccs[2]");

    [Test]
    public void BlockedMcc_ListedTwice_IsRefusedNamingTheRepeat() =>
        AssertRefused(Valid() with { BlockedMccs = ["7995", "5411", "7995"] }, "blockedMccs[2]");

    [Test]
    public void BlockedMccs_MoreThan32_AreRefused() =>
        AssertRefused(Valid() with { BlockedMccs = Enumerable.Range(1000, 33).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() }, "blockedMccs");

    [Test]
    public void BlockedMccs_Exactly32_AreAccepted() =>
        Assert.That(ControlsRules.TryValidate(Valid() with { BlockedMccs = Enumerable.Range(1000, 32).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() }, out _, out _), Is.True);

    [Test]
    public void MissingSwitches_AreRefusedNamingEach()
    {
        var request = Valid() with { AllowEcommerce = null, AllowInternational = null, AllowCash = null };
        Assert.That(ControlsRules.TryValidate(request, out _, out var errors), Is.False);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "allowEcommerce", "allowInternational", "allowCash" }));
    }

    [Test]
    public void DefaultControls_HaveNoLimitsAndAllowEverything()
    {
        var controls = CardControls.Default;
        Assert.That(controls.PerTransactionLimit ?? controls.DailyLimit ?? controls.MonthlyLimit ?? controls.DailyCount, Is.Null);
        Assert.That(controls.BlockedMccs, Is.Empty);
        Assert.That(controls.AllowEcommerce && controls.AllowInternational && controls.AllowCash, Is.True);
    }

    private static void AssertRefused(ControlsRequest request, string field)
    {
        Assert.That(ControlsRules.TryValidate(request, out _, out var errors), Is.False);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
    }
}
