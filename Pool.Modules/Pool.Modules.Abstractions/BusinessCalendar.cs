using System.Globalization;

namespace Pool.Modules.Abstractions;

/// <summary>
/// Pool's business days and months are Tokyo's (ARCHITECTURE §3: yield and cashback are per Tokyo day and
/// month). A Tokyo day runs from 00:00 JST, which is 15:00 UTC the day before: a transfer at 23:30 UTC
/// belongs to the next Tokyo day. Japan has no daylight saving time, but the zone is read from the time
/// zone database rather than assumed +09:00.
/// </summary>
public static class BusinessCalendar
{
    /// <summary>The IANA id of the business time zone.</summary>
    public const string TimeZoneId = "Asia/Tokyo";

    /// <summary>The business time zone.</summary>
    public static TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    /// <summary>The Tokyo date of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The first instant of a Tokyo day, in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The first day of the month of <paramref name="day"/>.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>A month as <c>yyyy-MM</c> (idempotency keys, summaries).</summary>
    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A day as <c>yyyy-MM-dd</c>.</summary>
    public static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
