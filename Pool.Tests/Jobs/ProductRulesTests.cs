using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Domain;

namespace Pool.Tests.Jobs;

/// <summary>The product's money rules in whole yen (ARCHITECTURE §3): always rounded down, never negative; Tokyo business days.</summary>
[TestFixture]
public sealed class ProductRulesTests
{
    // Balance-days are Σ (end-of-day balance) over accrued days; a day accrues balance / 36,500 yen.
    [TestCase(0, 0, 0, TestName = "Yield_NothingAccrued_CreditsNothing")]
    [TestCase(36_499, 0, 0, TestName = "Yield_JustBelowOneYen_RoundsDownToZero")]
    [TestCase(36_500, 0, 1, TestName = "Yield_ExactlyOneYen_CreditsOne")]
    [TestCase(360_000, 0, 9, TestName = "Yield_12000YenFor30Days_Is9Yen")]
    [TestCase(732_279, 9, 11, TestName = "Yield_TheCarriedRemainder_CountsTowardTheNextMonth")]
    [TestCase(30_000_000, 821, 0, TestName = "Yield_AlreadyCredited_CreditsNothingMore")]
    [TestCase(36_500, 5, 0, TestName = "Yield_CreditedMoreThanAccrued_IsNeverNegative")]
    public void YieldDue(long balanceDaysMinor, long creditedMinor, long expectedMinor) =>
        Assert.That(ProductRules.YieldDueMinor(balanceDaysMinor, creditedMinor), Is.EqualTo(expectedMinor));

    [TestCase(12_345, 2_000, 103, TestName = "Cashback_OnePercentOfNetPurchases_RoundedDown")]
    [TestCase(99, 0, 0, TestName = "Cashback_BelowOneYen_IsZero")]
    [TestCase(100, 0, 1, TestName = "Cashback_OfExactly100Yen_IsOne")]
    [TestCase(1_000, 3_000, 0, TestName = "Cashback_MoreRefundsThanPurchases_IsZeroNotADebit")]
    [TestCase(5_000, 5_000, 0, TestName = "Cashback_RefundsEqualPurchases_IsZero")]
    public void Cashback(long purchasesMinor, long refundsMinor, long expectedMinor) =>
        Assert.That(ProductRules.CashbackMinor(purchasesMinor, refundsMinor), Is.EqualTo(expectedMinor));

    [Test]
    public void BusinessDay_At2330Utc_IsTheNextTokyoDay()
    {
        Assert.That(BusinessCalendar.DayOf(new DateTimeOffset(2026, 10, 1, 23, 30, 0, TimeSpan.Zero)), Is.EqualTo(new DateOnly(2026, 10, 2)));
        Assert.That(BusinessCalendar.DayOf(new DateTimeOffset(2026, 10, 1, 14, 59, 59, TimeSpan.Zero)), Is.EqualTo(new DateOnly(2026, 10, 1)));
        Assert.That(BusinessCalendar.StartOf(new DateOnly(2026, 11, 1)), Is.EqualTo(new DateTimeOffset(2026, 10, 31, 15, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void JobParameters_Default_IsTheTokyoDayAndMonthBeforeTheTick()
    {
        // 00:05 on 1 March in Tokyo is 15:05 UTC on 28 February.
        var context = new JobContext(null!, new DateTimeOffset(2026, 2, 28, 15, 5, 0, TimeSpan.Zero), new Dictionary<string, string>(), new Progress<string>());

        Assert.That(JobParameters.Day(context, out var given), Is.EqualTo(new DateOnly(2026, 2, 28)));
        Assert.That(given, Is.False);
        Assert.That(JobParameters.Month(context), Is.EqualTo(new DateOnly(2026, 2, 1)));
    }

    [TestCase("date", "2026-02-30", TestName = "JobParameters_AnImpossibleDate_IsRefusedByName")]
    [TestCase("month", "2026-1", TestName = "JobParameters_AMonthNotYyyyMm_IsRefusedByName")]
    public void JobParameters_BadValue(string name, string value)
    {
        var context = new JobContext(null!, DateTimeOffset.UnixEpoch, new Dictionary<string, string> { [name] = value }, new Progress<string>());

        var error = Assert.Throws<ArgumentException>(() =>
        {
            _ = name == "date" ? JobParameters.Day(context, out _) : JobParameters.Month(context);
        });

        Assert.That(error!.Message, Does.Contain($"Parameter {name} '{value}'"));
    }
}
