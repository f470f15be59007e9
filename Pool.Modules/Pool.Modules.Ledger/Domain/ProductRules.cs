namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// The product's money rules (ARCHITECTURE §3), in whole yen and exact integer arithmetic: no floating point
/// touches an amount, and every result is rounded down (the issuer never pays a fraction it does not owe).
/// </summary>
internal static class ProductRules
{
    /// <summary>Yield: 1% a year over 365 days, so a day accrues balance / 36,500 yen (leap years too: a fixed 365).</summary>
    public const long YieldDivisor = 100 * 365;

    /// <summary>Cashback: 1% of the month's net cleared purchases.</summary>
    public const long CashbackDivisor = 100;

    /// <summary>
    /// The yield to credit now: the sum of every accrued day's balance up to the month's end, divided by 36,500
    /// and rounded down, less what was credited before. The sub-yen remainder is carried forward: it stays in the
    /// accrued sum and counts toward the next month's floor, so over time the cardholder loses less than one yen.
    /// Never negative.
    /// </summary>
    public static long YieldDueMinor(decimal balanceDaysMinor, long creditedMinor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(balanceDaysMinor);
        ArgumentOutOfRangeException.ThrowIfNegative(creditedMinor);
        var accruedMinor = (long)decimal.Floor(balanceDaysMinor / YieldDivisor);
        return Math.Max(0, accruedMinor - creditedMinor);
    }

    /// <summary>Cashback: 1% of (purchases − refunds), rounded down; a month with more refunds than purchases earns 0, never a debit.</summary>
    public static long CashbackMinor(long purchasesMinor, long refundsMinor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(purchasesMinor);
        ArgumentOutOfRangeException.ThrowIfNegative(refundsMinor);
        var net = purchasesMinor - refundsMinor;
        return net <= 0 ? 0 : net / CashbackDivisor;
    }
}
