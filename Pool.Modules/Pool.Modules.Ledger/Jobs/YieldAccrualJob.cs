using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Domain;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>
/// <c>yield-accrual</c> (admin-api.md §3, ARCHITECTURE §3): for a Tokyo business day, records balance / 36,500 yen
/// for every deposit account whose END-OF-DAY posted balance (from the ledger's transfers committed before the
/// day's end in Tokyo) is above zero, in ledger.yield_accruals; one row per (account, day), so a repeat adds
/// nothing. The day is <c>--param date=yyyy-MM-dd</c>, else yesterday in Tokyo; a scheduled run also catches up
/// the days missed since the last accrued one (at most <see cref="LedgerOptions.YieldCatchUpDaysMax"/>).
/// </summary>
internal static class YieldAccrualJob
{
    public const string Name = "yield-accrual";

    // 00:05 Tokyo, for the day that just ended.
    public static JobDefinition Definition { get; } = new(
        Name,
        "5 0 * * *",
        BusinessCalendar.TimeZoneId,
        "Accrues a day's yield (1%/365) on each deposit account's end-of-day posted balance in Tokyo.",
        RunAsync);

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var dataSource = context.Services.GetRequiredService<NpgsqlDataSource>();
        var time = context.Services.GetRequiredService<TimeProvider>();
        var options = context.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        var today = BusinessCalendar.DayOf(time.GetUtcNow());
        var target = JobParameters.Day(context, out var given);
        if (target >= today)
        {
            throw new ArgumentException($"Parameter date {BusinessCalendar.DayText(target)} has not ended in Tokyo (today there is {BusinessCalendar.DayText(today)}): yield accrues on a day's end-of-day balance.", nameof(context));
        }

        var first = target;
        if (!given && await ProductStore.LastAccruedDayAsync(dataSource, cancellationToken) is { } last && last < target)
        {
            var earliest = target.AddDays(1 - options.YieldCatchUpDaysMax);
            first = last.AddDays(1) > earliest ? last.AddDays(1) : earliest;
        }

        var summaries = new List<string>();
        for (var day = first; day <= target; day = day.AddDays(1))
        {
            summaries.Add(await AccrueDayAsync(context, dataSource, time, options, day, cancellationToken));
        }

        return string.Join("; ", summaries);
    }

    private static async Task<string> AccrueDayAsync(JobContext context, NpgsqlDataSource dataSource, TimeProvider time, LedgerOptions options, DateOnly day, CancellationToken cancellationToken)
    {
        var dayEnd = BusinessCalendar.StartOf(day.AddDays(1));
        long after = 0, accounts = 0, accrued = 0, negative = 0;
        decimal balanceMinor = 0;
        while (true)
        {
            var page = await ProductStore.AccrueAsync(dataSource, day, dayEnd, after, options.ProductJobAccountsPerPage, time.GetUtcNow(), cancellationToken);
            accounts += page.Accounts;
            accrued += page.Accrued;
            negative += page.Negative;
            balanceMinor += page.BalanceMinor;
            if (page.Accounts > 0)
            {
                context.Progress.Report(string.Create(CultureInfo.InvariantCulture, $"{BusinessCalendar.DayText(day)}: {accounts:N0} accounts read, {accrued:N0} accrued"));
            }
            if (page.LastAccountId is not { } lastId || page.Accounts < options.ProductJobAccountsPerPage)
            {
                break;
            }

            after = lastId;
        }

        await ProductStore.MarkDayAsync(dataSource, day, time.GetUtcNow(), cancellationToken);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{BusinessCalendar.DayText(day)}: {accrued:N0} of {accounts:N0} accounts accrued {balanceMinor / ProductRules.YieldDivisor:0.####} yen on {balanceMinor:N0} yen, {negative:N0} negative skipped");
    }
}
