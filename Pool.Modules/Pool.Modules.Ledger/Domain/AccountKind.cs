namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// What an account is. Persisted (ledger.accounts.kind): values are explicit, append only. Pool's own
/// accounts have their kind as their id (Contracts/SystemAccounts.cs).
/// </summary>
internal enum AccountKind : short
{
    BankCash = 1,
    NetworkSettlement = 2,
    YieldExpense = 3,
    CashbackExpense = 4,
    DisputesSuspense = 5,
    YieldPayable = 6,
    Adjustments = 7,

    /// <summary>A cardholder's deposit account: a liability of Pool to the cardholder.</summary>
    CardholderDeposit = 100,
}
