using Npgsql;
using Pool.Modules.Abstractions;

namespace Pool.Modules.Jobs.Running;

/// <summary>Which failures a run retries: those that may pass by themselves (a failover, a dropped connection, a slow peer).</summary>
internal static class TransientFailure
{
    /// <summary>How deep wrapped exceptions are searched; jobs wrap once or twice, and a bound keeps a cycle from looping.</summary>
    public const int InnerDepthMax = 4;

    /// <summary>
    /// True for a transient PostgreSQL error (<see cref="NpgsqlException.IsTransient"/>), a timeout, an
    /// HTTP request failure or a job's own <see cref="JobTransientException"/>, also when wrapped. Everything else, cancellation included, fails the run at once.
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var current = exception;
        for (var depth = 0; current is not null && depth <= InnerDepthMax; depth++)
        {
            switch (current)
            {
                case OperationCanceledException:
                    return false;
                case NpgsqlException npgsql:
                    return npgsql.IsTransient;
                case TimeoutException or HttpRequestException or JobTransientException:
                    return true;
            }

            current = current.InnerException;
        }

        return false;
    }
}
