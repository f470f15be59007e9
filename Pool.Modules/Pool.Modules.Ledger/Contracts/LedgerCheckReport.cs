namespace Pool.Modules.Ledger.Contracts;

/// <summary>What <see cref="ILedgerCheck.RunAsync"/> found; balanced when <see cref="Findings"/> is empty.</summary>
public sealed record LedgerCheckReport(int AccountsChecked, long TransfersChecked, IReadOnlyList<LedgerFinding> Findings)
{
    /// <summary>True when no invariant is broken.</summary>
    public bool IsBalanced => Findings.Count == 0;
}
