namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// Compares the authorization engine's in-memory balances with the ledger's (the <c>ledger-check</c> job,
/// docs/ledger.md "Engine against ledger"). Implemented by the Authorization module, which owns the engine;
/// not registered means no engine in this host.
/// </summary>
public interface IEngineBalanceComparison
{
    /// <summary>Compares every account the active engine holds; unavailable when this instance's engine is not active.</summary>
    Task<EngineBalanceComparisonReport> CompareAsync(IProgress<string>? progress, CancellationToken cancellationToken);
}

/// <summary>
/// What <see cref="IEngineBalanceComparison.CompareAsync"/> found. <see cref="Findings"/> are proven differences
/// (rule <c>engine-equals-ledger</c>); <see cref="AccountsBusy"/> accounts changed during every round, so
/// they were neither proven equal nor different.
/// </summary>
public sealed record EngineBalanceComparisonReport(bool Available, string? UnavailableReason, int AccountsCompared, int AccountsBusy, int Rounds, IReadOnlyList<LedgerFinding> Findings)
{
    public static EngineBalanceComparisonReport Unavailable(string reason) => new(false, reason, 0, 0, 0, []);
}
