namespace Pool.Modules.Ledger.Domain;

/// <summary>Account flags, after TigerBeetle's. Persisted (ledger.accounts.flags): values are explicit, append only.</summary>
[Flags]
internal enum AccountFlags
{
    None = 0,

    /// <summary>Pending and posted debits may not exceed posted credits, unless the transfer is forced (deposit accounts).</summary>
    DebitsMustNotExceedCredits = 1,

    /// <summary>Pending and posted credits may not exceed posted debits, unless the transfer is forced.</summary>
    CreditsMustNotExceedDebits = 2,
}
