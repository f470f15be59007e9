using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// Asia/Tokyo calendar arithmetic for velocity windows and expiry (spec §5). Japan has kept +09:00
/// without daylight saving since 1951, so a fixed offset is exact and needs no time zone database
/// (and no allocation).
/// </summary>
public static class TokyoCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>Days since 0001-01-01 of the Tokyo calendar date at <paramref name="utcNow"/>.</summary>
    public static int DayNumber(DateTimeOffset utcNow) =>
        (int)((utcNow.UtcTicks + Offset.Ticks) / TimeSpan.TicksPerDay);

    /// <summary>year × 12 + (month − 1) of the Tokyo calendar date at <paramref name="utcNow"/>.</summary>
    public static int MonthNumber(DateTimeOffset utcNow)
    {
        var local = new DateTime(utcNow.UtcTicks + Offset.Ticks, DateTimeKind.Unspecified);
        return (local.Year * 12) + local.Month - 1;
    }

    /// <summary>The month number of a YYMM expiry (20YY), or −1 when MM is not 1–12.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ExpiryMonthNumber(short expiryYymm)
    {
        var month = expiryYymm % 100;
        if (expiryYymm < 0 || month is < 1 or > 12)
        {
            return -1;
        }

        return ((2000 + (expiryYymm / 100)) * 12) + month - 1;
    }
}
