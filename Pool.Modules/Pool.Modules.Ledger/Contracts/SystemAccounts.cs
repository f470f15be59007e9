namespace Pool.Modules.Ledger.Contracts;

/// <summary>
/// Pool's own ledger accounts, created by the ledger's first migration with these fixed ids
/// (docs/ledger.md has the chart). Cardholder deposit accounts have ids from 1000 up.
/// </summary>
public static class SystemAccounts
{
    /// <summary>Asset: money Pool holds at its bank (deposits in, withdrawals and network settlement out).</summary>
    public const long BankCash = 1;

    /// <summary>Liability: what Pool owes the card network for cleared purchases (holds credit it while pending).</summary>
    public const long NetworkSettlement = 2;

    /// <summary>Expense: yield paid to cardholders.</summary>
    public const long YieldExpense = 3;

    /// <summary>Expense: cashback paid to cardholders.</summary>
    public const long CashbackExpense = 4;

    /// <summary>Suspense: provisional credits for disputed purchases until the network settles the chargeback.</summary>
    public const long DisputesSuspense = 5;

    /// <summary>Liability: yield accrued daily and not yet credited (the monthly credit moves it to deposits).</summary>
    public const long YieldPayable = 6;

    /// <summary>Expense or income: operator corrections and write-offs (e.g. a forced overdraft never repaid).</summary>
    public const long Adjustments = 7;

    /// <summary>First id of a cardholder deposit account.</summary>
    public const long FirstDepositAccountId = 1000;
}
