using System.Globalization;

namespace Pool.Modules.Abstractions;

/// <summary>
/// The parameters the batch jobs share (<c>job run &lt;name&gt; --param date=yyyy-MM-dd</c> or
/// <c>--param month=yyyy-MM</c>), and their defaults: the Tokyo day or month before the tick the run serves.
/// A bad value throws <see cref="ArgumentException"/> naming the parameter, which fails the run at once.
/// </summary>
public static class JobParameters
{
    /// <summary>The business day a daily job works on: <c>date</c>, else the Tokyo day before <see cref="JobContext.ScheduledFor"/>.</summary>
    public static DateOnly Day(JobContext context, out bool given)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Parameters.TryGetValue("date", out var text))
        {
            given = true;
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new ArgumentException($"Parameter date '{text}' is not a date (yyyy-MM-dd).", nameof(context));
        }

        given = false;
        return BusinessCalendar.DayOf(context.ScheduledFor).AddDays(-1);
    }

    /// <summary>The first day of the month a monthly job works on: <c>month</c>, else the Tokyo month before <see cref="JobContext.ScheduledFor"/>.</summary>
    public static DateOnly Month(JobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Parameters.TryGetValue("month", out var text))
        {
            return DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
                ? month
                : throw new ArgumentException($"Parameter month '{text}' is not a month (yyyy-MM).", nameof(context));
        }

        return BusinessCalendar.MonthOf(BusinessCalendar.DayOf(context.ScheduledFor)).AddMonths(-1);
    }

    /// <summary>
    /// <see cref="Month"/> for a job that works on a whole month (<paramref name="what"/> names it in the error):
    /// refused, naming the parameter, while the month has not ended in Tokyo at <paramref name="now"/>.
    /// </summary>
    public static DateOnly EndedMonth(JobContext context, DateTimeOffset now, string what)
    {
        var month = Month(context);
        if (BusinessCalendar.StartOf(month.AddMonths(1)) > now)
        {
            throw new ArgumentException($"Parameter month {BusinessCalendar.MonthText(month)} has not ended in Tokyo: {what} is credited for a whole month.", nameof(context));
        }

        return month;
    }
}
