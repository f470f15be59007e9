namespace Pool.Modules.Abstractions;

/// <summary>
/// Thrown by a job for a failure that may pass by itself (e.g. the authorization engine is not active on this
/// instance, so the work belongs to the active one or must wait for a failover). The Jobs module retries it
/// with backoff like a transient database error, and fails the run (with its alert) when the retries run out.
/// </summary>
public sealed class JobTransientException : Exception
{
    public JobTransientException()
    {
    }

    public JobTransientException(string message)
        : base(message)
    {
    }

    public JobTransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
