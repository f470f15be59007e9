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
/// <c>cashback-credit</c> (admin-api.md §3, ARCHITECTURE §3): for a Tokyo month (<c>--param month=yyyy-MM</c>, else
/// last month), credits each deposit account with 1% of its net cleared purchases (Purchase transfers debited minus
/// Refund transfers credited, committed in that month in Tokyo; never below zero), rounded down to the yen, from
/// cashback expense, through the engine, once per month under the key <c>cashback:{account}:{yyyy-MM}</c>.
/// </summary>
internal static class CashbackCreditJob
{
    public const string Name = "cashback-credit";

    // 01:45 Tokyo on the 1st, for the month that just ended.
    public static JobDefinition Definition { get; } = new(
        Name,
        "45 1 1 * *",
        BusinessCalendar.TimeZoneId,
        "Credits 1% of last month's net cleared purchases, rounded down, through the engine.",
        RunAsync)
    {
        RunsOnActiveEngine = true,
    };

    public static string Key(long accountId, DateOnly month) =>
        string.Create(CultureInfo.InvariantCulture, $"cashback:{accountId}:{BusinessCalendar.MonthText(month)}");

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var dataSource = context.Services.GetRequiredService<NpgsqlDataSource>();
        var credits = context.Services.GetRequiredService<ProductCredits>();
        var options = context.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
        var month = JobParameters.EndedMonth(context, context.Services.GetRequiredService<TimeProvider>().GetUtcNow(), "cashback");
        var monthText = BusinessCalendar.MonthText(month);
        var monthStart = BusinessCalendar.StartOf(month);
        var monthEnd = BusinessCalendar.StartOf(month.AddMonths(1));

        long after = 0, accounts = 0, credited = 0, creditedMinor = 0, already = 0;
        while (true)
        {
            var page = await ProductStore.CashbackDueAsync(dataSource, monthText, monthStart, monthEnd, after, options.ProductJobAccountsPerPage, cancellationToken);
            var due = new List<ProductCredit>();
            foreach (var account in page)
            {
                if (account.Credited)
                {
                    already++;
                    continue;
                }

                var amountMinor = ProductRules.CashbackMinor(account.PurchasesMinor, account.RefundsMinor);
                if (amountMinor > 0)
                {
                    due.Add(new ProductCredit(account.AccountId, account.CardholderId, amountMinor, Key(account.AccountId, month)));
                }
            }

            var tally = await credits.CreditAsync(due, TransferCode.Cashback, cancellationToken);
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
            $"{monthText}: credited {creditedMinor:N0} yen of cashback to {credited:N0} accounts; {already:N0} already credited, of {accounts:N0} accounts");
    }
}
