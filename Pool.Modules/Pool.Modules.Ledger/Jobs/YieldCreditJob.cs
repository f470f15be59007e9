using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Contracts;
using Pool.Modules.Ledger.Domain;
using Pool.Modules.Ledger.Persistence;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>
/// <c>yield-credit</c> (admin-api.md §3, ARCHITECTURE §3): for a Tokyo month (<c>--param month=yyyy-MM</c>, else
/// last month), credits each deposit account with its accrued yield rounded down to the yen, from yield expense,
/// through the engine, under the key <c>yield:{account}:{yyyy-MM}</c>. The sub-yen remainder is carried forward
/// (<see cref="ProductRules.YieldDueMinor"/>). An account already credited for this month or a later one is left
/// alone, so a rerun (or a late run of an old month) never pays twice. The month's last day must be accrued first.
/// </summary>
internal static class YieldCreditJob
{
    public const string Name = "yield-credit";

    // 01:30 Tokyo on the 1st: after yield-accrual (00:05) accrued the month's last day.
    public static JobDefinition Definition { get; } = new(
        Name,
        "30 1 1 * *",
        BusinessCalendar.TimeZoneId,
        "Credits last month's accrued yield, rounded down to the yen (remainder carried forward), through the engine.",
        RunAsync)
    {
        RunsOnActiveEngine = true,
    };

    public static string Key(long accountId, DateOnly month) =>
        string.Create(CultureInfo.InvariantCulture, $"yield:{accountId}:{BusinessCalendar.MonthText(month)}");

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var dataSource = context.Services.GetRequiredService<NpgsqlDataSource>();
        var credits = context.Services.GetRequiredService<ProductCredits>();
        var options = context.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        var month = JobParameters.EndedMonth(context, context.Services.GetRequiredService<TimeProvider>().GetUtcNow(), "yield");
        var nextMonth = month.AddMonths(1);
        var monthText = BusinessCalendar.MonthText(month);

        var lastDay = nextMonth.AddDays(-1);
        if (await ProductStore.LastAccruedDayAsync(dataSource, cancellationToken) is not { } accrued || accrued < lastDay)
        {
            throw new JobTransientException($"Yield for {BusinessCalendar.DayText(lastDay)}, the last day of {monthText}, is not accrued yet (yield-accrual runs at 00:05 Tokyo); yield-credit waits for it.");
        }

        long after = 0, accounts = 0, credited = 0, creditedMinor = 0, already = 0, belowOneYen = 0;
        while (true)
        {
            var page = await ProductStore.YieldDueAsync(dataSource, nextMonth, after, options.ProductJobAccountsPerPage, cancellationToken);
            var due = new List<ProductCredit>();
            foreach (var account in page)
            {
                var key = Key(account.AccountId, month);
                if (account.LastCreditKey is { } last && string.CompareOrdinal(last, key) >= 0)
                {
                    already++;
                    continue;
                }

                var amountMinor = ProductRules.YieldDueMinor(account.BalanceDaysMinor, account.CreditedMinor);
                if (amountMinor > 0)
                {
                    due.Add(new ProductCredit(account.AccountId, account.CardholderId, amountMinor, key));
                }
                else if (account.BalanceDaysMinor > 0)
                {
                    belowOneYen++;
                }
            }

            var tally = await credits.CreditAsync(due, TransferCode.Yield, cancellationToken);
            accounts += page.Count;
            credited += tally.Credited;
            creditedMinor += tally.CreditedMinor;
            already += tally.Repeated;
            if (page.Count > 0)
            {
                context.Progress.Report(string.Create(CultureInfo.InvariantCulture, $"{monthText}: {accounts:N0} accounts read, {credited:N0} credited"));
            }
            if (page.Count < options.ProductJobAccountsPerPage)
            {
                break;
            }

            after = page[^1].AccountId;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{monthText}: credited {creditedMinor:N0} yen of yield to {credited:N0} accounts; {already:N0} already credited, {belowOneYen:N0} below one yen (carried forward), of {accounts:N0} accounts");
    }
}
