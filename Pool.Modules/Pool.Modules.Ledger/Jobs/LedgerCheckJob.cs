using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>
/// <c>ledger-check</c> (admin-api.md §3): runs <see cref="ILedgerCheck"/> nightly. Findings fail the run, so the
/// Jobs module's failure alert fires; each finding is also logged (event 4005).
/// </summary>
internal static class LedgerCheckJob
{
    public const string Name = "ledger-check";

    // 03:30 Tokyo: after the day's clearing import and yield accrual, before the business day.
    public static JobDefinition Definition { get; } = new(
        Name,
        "30 3 * * *",
        "Asia/Tokyo",
        "Verifies zero-sum, balances against transfers, and pending transfers resolved at most once.",
        RunAsync);

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var report = await context.Services.GetRequiredService<ILedgerCheck>().RunAsync(cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{report.AccountsChecked} accounts, {report.TransfersChecked} transfers, {report.Findings.Count} findings");
        if (!report.IsBalanced)
        {
            throw new InvalidOperationException("Ledger check failed: " + summary + ". First: " + report.Findings[0].Rule + ": " + report.Findings[0].Detail);
        }

        return summary;
    }
}
