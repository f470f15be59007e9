namespace Pool.Modules.Clearing.Import;

/// <summary>The engine could not take postings (standby instance, journal failure): the import stops with its file staged.</summary>
internal sealed class ClearingUnavailableException : Exception
{
    public ClearingUnavailableException()
    {
    }

    public ClearingUnavailableException(string message)
        : base(message)
    {
    }

    public ClearingUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
