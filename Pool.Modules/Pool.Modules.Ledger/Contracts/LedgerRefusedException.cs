namespace Pool.Modules.Ledger.Contracts;

/// <summary>A ledger call that cannot be answered with an outcome was refused; <see cref="Result"/> says why.</summary>
public sealed class LedgerRefusedException : Exception
{
    public LedgerRefusedException()
    {
    }

    public LedgerRefusedException(string message)
        : base(message)
    {
    }

    public LedgerRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LedgerRefusedException(TransferResultCode result, string message)
        : base(message)
    {
        Result = result;
    }

    /// <summary>Why the ledger refused.</summary>
    public TransferResultCode Result { get; }
}
