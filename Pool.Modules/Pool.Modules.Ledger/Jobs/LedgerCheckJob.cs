using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pool.Modules.Abstractions;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Ledger.Jobs;

/// <summary>
/// <c>ledger-check</c> (admin-api.md §3): runs <see cref="ILedgerCheck"/> (the ledger's invariants), then compares
/// the active engine's balances with the ledger's (<see cref="IEngineBalanceComparison"/>, docs/ledger.md "Engine
/// against ledger"). Findings of either fail the run, naming the accounts, so the Jobs module's failure alert
/// fires; each finding is also logged (event 4005). It needs the active engine (<see cref="JobDefinition.RunsOnActiveEngine"/>):
/// elsewhere the invariants still run, then the run fails transiently.
/// </summary>
internal static class LedgerCheckJob
{
    public const string Name = "ledger-check";

    /// <summary>Accounts named in the run's error; the log has every finding.</summary>
    public const int FindingsInErrorMax = 5;

    // 03:30 Tokyo: after the day's clearing import and yield accrual, before the business day.
    public static JobDefinition Definition { get; } = new(
        Name,
        "30 3 * * *",
        "Asia/Tokyo",
        "Verifies zero-sum, balances against transfers, pending transfers resolved at most once, and the engine's balances against the ledger.",
        RunAsync)
    {
        RunsOnActiveEngine = true,
    };

    private static async Task<string> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var report = await context.Services.GetRequiredService<ILedgerCheck>().RunAsync(cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{report.AccountsChecked} accounts, {report.TransfersChecked} transfers, {report.Findings.Count} findings");
        if (!report.IsBalanced)
        {
            throw new InvalidOperationException("Ledger check failed: " + summary + ". First: " + report.Findings[0].Rule + ": " + report.Findings[0].Detail);
        }

        context.Progress.Report("ledger invariants: " + summary);
        if (context.Services.GetService<IEngineBalanceComparison>() is not { } comparison)
        {
            return summary + "; no engine in this host to compare";
        }

        var engine = await comparison.CompareAsync(context.Progress, cancellationToken);
        if (!engine.Available)
        {
            throw new JobTransientException($"Ledger invariants hold ({summary}), but the engine's balances could not be compared: {engine.UnavailableReason}. Run ledger-check on the active instance.");
        }

        var logger = context.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LedgerCheckJob));
        foreach (var finding in engine.Findings)
        {
            LedgerLog.CheckFinding(logger, finding.Rule, finding.AccountId, finding.TransferId, finding.Detail);
        }

        var engineSummary = string.Create(
            CultureInfo.InvariantCulture,
            $"engine against ledger: {engine.AccountsCompared} accounts in {engine.Rounds} round(s), {engine.Findings.Count} differences, {engine.AccountsBusy} changing throughout");
        if (engine.Findings.Count > 0)
        {
            throw new InvalidOperationException(
                "Ledger check failed: the engine's balances differ from the ledger's for " +
                string.Create(CultureInfo.InvariantCulture, $"{engine.Findings.Count} account(s): ") +
                string.Join("; ", engine.Findings.Take(FindingsInErrorMax).Select(f => f.Detail)) +
                (engine.Findings.Count > FindingsInErrorMax ? "; …" : "") + ". " + engineSummary);
        }

        return summary + "; " + engineSummary;
    }
}
