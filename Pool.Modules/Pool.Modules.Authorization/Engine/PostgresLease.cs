using System.Data;
using Npgsql;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The engine lease (ARCHITECTURE §5): a session advisory lock on a dedicated, unpooled connection, plus
/// the <c>authorization.lease</c> row whose epoch is incremented on every acquisition. The lock says who
/// may be active; the epoch fences the journal (a commit under an older epoch is rejected in its own
/// transaction). If the connection dies, PostgreSQL releases the lock; the holder notices at its next
/// <see cref="CheckAsync"/> and stops deciding.
/// </summary>
internal sealed class PostgresLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private PostgresLease(NpgsqlConnection connection, long epoch)
    {
        _connection = connection;
        Epoch = epoch;
    }

    public long Epoch { get; }

    /// <summary>Takes the lease, or returns null with the current holder's name when another instance has it.</summary>
    public static async Task<(PostgresLease? Lease, string Holder)> TryAcquireAsync(string connectionString, long lockKey, string holder, TimeProvider time, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection returned with the lock still held would keep it for a stranger.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 1, ApplicationName = "pool-engine-lease" };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                tryLock.Parameters.AddWithValue("key", lockKey);
                if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken))!)
                {
                    await using var who = new NpgsqlCommand("SELECT holder FROM \"authorization\".lease WHERE id = 1", connection);
                    var current = (string?)await who.ExecuteScalarAsync(cancellationToken) ?? "";
                    await connection.DisposeAsync();
                    return (null, current);
                }
            }

            // FOR UPDATE waits for commits of the previous holder still reading the row FOR SHARE; every
            // commit after this one sees the new epoch and rejects the old holder.
            await using var bump = new NpgsqlCommand(
                "UPDATE \"authorization\".lease SET epoch = epoch + 1, holder = @holder, acquired_at = @at WHERE id = 1 RETURNING epoch",
                connection);
            bump.Parameters.AddWithValue("holder", holder);
            bump.Parameters.AddWithValue("at", time.GetUtcNow());
            var epoch = (long)(await bump.ExecuteScalarAsync(cancellationToken))!;
            return (new PostgresLease(connection, epoch), holder);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True while the lease connection answers within <paramref name="timeoutMs"/>.</summary>
    public async Task<bool> CheckAsync(int timeoutMs, CancellationToken cancellationToken)
    {
        if (_connection.State != ConnectionState.Open)
        {
            return false;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(timeoutMs);
            await using var ping = new NpgsqlCommand("SELECT 1", _connection);
            await ping.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Releases the lock (closing the session releases it too).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.State == ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", _connection);
                unlock.CommandTimeout = 5;
                await unlock.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The session is gone, and with it the lock.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}
