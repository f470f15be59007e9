using Dapper;
using Npgsql;

namespace Pool.Modules.Jobs.Running;

/// <summary>
/// One run at a time per job across every instance: a PostgreSQL session advisory lock on a connection
/// held for the run. It is released when the run ends, or by the server when the connection dies, so a
/// crashed instance never leaves a job locked.
/// </summary>
internal sealed class JobRunLock : IAsyncDisposable
{
    /// <summary>First key of the two-key advisory lock space: "JOBS" in ASCII, so it collides with no other lock user.</summary>
    public const int LockSpace = 0x4A4F4253;

    private readonly NpgsqlConnection _connection;
    private readonly string _job;

    private JobRunLock(NpgsqlConnection connection, string job)
    {
        _connection = connection;
        _job = job;
    }

    /// <summary>The lock, or null when another run of the job holds it.</summary>
    public static async Task<JobRunLock?> TryAcquireAsync(NpgsqlDataSource dataSource, string job, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // hashtext is PostgreSQL's own stable string hash, so every instance derives the same key.
            var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@space, hashtext(@job))", new { space = LockSpace, job }, cancellationToken: cancellationToken));
            if (acquired)
            {
                return new JobRunLock(connection, job);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@space, hashtext(@job))", new { space = LockSpace, job = _job });
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and with it the lock: the server released it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
