namespace Pool.Modules.Ledger.Domain;

/// <summary>
/// A money invariant broke (zero-sum, or balances that differ from what the batch computed): a bug. The
/// unit of work fails; the caller's transaction must roll back.
/// </summary>
internal sealed class LedgerInvariantException : Exception
{
    public LedgerInvariantException()
    {
    }

    public LedgerInvariantException(string message)
        : base(message)
    {
    }

    public LedgerInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
