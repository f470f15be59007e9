using System.Globalization;
using Pool.Authorization.Engine.Processing;
using Pool.Modules.Authorization.Persistence;
using Pool.Modules.Ledger.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The engine against the ledger, correct under live traffic (docs/ledger.md "Engine against ledger"): in
/// each round the engine's writers copy their accounts' balances in queue order and note every account a
/// record changes from then on (<see cref="AuthorizationEngine.WatchBalancesAsync"/>); once the records the
/// copies include are committed, the projection is awaited up to everything committed, and the ledger's
/// balances are read. An account no record changed during the round had the copied balances all along,
/// and the ledger read includes every change up to the copy and none after it, so the two must be equal: a
/// difference is proven. Accounts that changed are compared again in the next round, up to
/// <see cref="RoundsMax"/> rounds; one still busy then is counted, not reported.
/// </summary>
internal sealed class EngineBalanceComparison(EngineHost host, JournalProjector projector, ILedgerAccounts accounts) : IEngineBalanceComparison
{
    /// <summary>Rounds per check: the first compares every account, the others those that changed meanwhile.</summary>
    public const int RoundsMax = 8;

    public const string Rule = "engine-equals-ledger";

    /// <summary>Longest wait for the copied records to be committed.</summary>
    public static readonly TimeSpan CommitTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the projection to catch up with the journal (it lags under load).</summary>
    public static readonly TimeSpan ProjectionTimeout = TimeSpan.FromSeconds(60);

    public async Task<EngineBalanceComparisonReport> CompareAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var findings = new List<LedgerFinding>();
        HashSet<long>? suspects = null;
        var compared = 0;
        var round = 0;
        while (round < RoundsMax)
        {
            round++;
            if (host.Role != EngineRole.Active || host.Engine is not { } engine)
            {
                return EngineBalanceComparisonReport.Unavailable("the authorization engine is not active on this instance");
            }

            Dictionary<long, DepositAccountBalance>? ledger = null;
            var projected = true;
            var snapshots = await engine.WatchBalancesAsync(
                suspects,
                async (_, token) =>
                {
                    projected = await projector.WaitForAsync(projector.EnqueuedPosition, ProjectionTimeout, token);
                    if (projected)
                    {
                        ledger = await ReadLedgerAsync(suspects, token);
                    }
                },
                CommitTimeout,
                cancellationToken);
            if (snapshots is null)
            {
                return EngineBalanceComparisonReport.Unavailable("the engine stopped, or its journal did not commit in time, during the comparison");
            }

            if (!projected || ledger is null)
            {
                return EngineBalanceComparisonReport.Unavailable(string.Create(CultureInfo.InvariantCulture, $"the journal projection did not catch up within {ProjectionTimeout.TotalSeconds} s"));
            }

            var busy = new HashSet<long>();
            foreach (var snapshot in snapshots)
            {
                foreach (var balance in snapshot.Balances)
                {
                    if (round == 1)
                    {
                        compared++;
                    }

                    if (snapshot.Changed.Contains(balance.AccountId))
                    {
                        busy.Add(balance.AccountId);
                    }
                    else if (Differs(balance, ledger.GetValueOrDefault(balance.AccountId)) is { } detail)
                    {
                        findings.Add(new LedgerFinding(Rule, balance.AccountId, null, detail));
                    }
                }
            }

            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"engine against ledger, round {round}: {(round == 1 ? compared : suspects!.Count)} accounts, {busy.Count} changed meanwhile, {findings.Count} differences"));
            if (busy.Count == 0)
            {
                return new EngineBalanceComparisonReport(true, null, compared, 0, round, findings);
            }

            suspects = busy;
        }

        return new EngineBalanceComparisonReport(true, null, compared, suspects!.Count, round, findings);
    }

    private static string? Differs(EngineAccountBalance engine, DepositAccountBalance? ledger)
    {
        if (ledger is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"account {engine.AccountId}: the engine holds it (posted {engine.PostedMinor}, held {engine.HeldMinor}) but the ledger has no such deposit account");
        }

        return ledger.PostedMinor == engine.PostedMinor && ledger.HeldMinor == engine.HeldMinor
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"account {engine.AccountId}: engine posted {engine.PostedMinor} held {engine.HeldMinor}, ledger posted {ledger.PostedMinor} held {ledger.HeldMinor}");
    }

    private async Task<Dictionary<long, DepositAccountBalance>> ReadLedgerAsync(HashSet<long>? only, CancellationToken cancellationToken)
    {
        var balances = new Dictionary<long, DepositAccountBalance>();
        await foreach (var row in accounts.ReadDepositAccountsAsync(cancellationToken))
        {
            if (only is null || only.Contains(row.AccountId))
            {
                balances[row.AccountId] = row;
            }
        }

        return balances;
    }
}
