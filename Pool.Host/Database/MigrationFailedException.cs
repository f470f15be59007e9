namespace Pool.Host.Database;

/// <summary>A migration could not be applied; the message names it. The host does not start.</summary>
public sealed class MigrationFailedException : Exception
{
    public MigrationFailedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public MigrationFailedException()
    {
    }

    public MigrationFailedException(string message)
        : base(message)
    {
    }
}
