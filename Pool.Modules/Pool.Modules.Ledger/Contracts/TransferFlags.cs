namespace Pool.Modules.Ledger.Contracts;

/// <summary>Transfer flags. Persisted (ledger.transfers.flags): values are explicit and never change.</summary>
[Flags]
public enum TransferFlags
{
    None = 0,

    /// <summary>
    /// Forced by the network (an advice, clearing without authorization, a chargeback debit): skips the
    /// debits-must-not-exceed-credits limit, so it may take a deposit account's available balance below zero.
    /// </summary>
    Forced = 1,
}
