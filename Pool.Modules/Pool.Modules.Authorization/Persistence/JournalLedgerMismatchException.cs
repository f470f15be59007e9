namespace Pool.Modules.Authorization.Persistence;

/// <summary>The ledger refused a transfer the engine decided: a broken money invariant, so the batch fails (logged Critical).</summary>
internal sealed class JournalLedgerMismatchException : Exception
{
    public JournalLedgerMismatchException()
    {
    }

    public JournalLedgerMismatchException(string message)
        : base(message)
    {
    }

    public JournalLedgerMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
