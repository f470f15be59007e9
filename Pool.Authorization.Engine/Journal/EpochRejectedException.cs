namespace Pool.Authorization.Engine.Journal;

/// <summary>Thrown by a committer when its epoch is no longer the lease's (ARCHITECTURE §5): this engine is deposed.</summary>
public sealed class EpochRejectedException : Exception
{
    public EpochRejectedException()
        : base("The journal rejected this engine's epoch: another instance holds the lease.")
    {
    }

    public EpochRejectedException(string message)
        : base(message)
    {
    }

    public EpochRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
