using Npgsql;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// A journal commit whose answer never arrived (the connection broke, or the budget gave up on it while the
/// server was committing) is in doubt: the batch may be durable or not (docs/engine.md "In-doubt commit").
/// The session is ended, and once its server process is gone (so the statement's transaction has either
/// committed or aborted for good) the journal is asked, on a fresh connection, whether the batch's row is
/// there under the engine's epoch.
/// </summary>
internal static class InDoubtCommit
{
    /// <summary>
    /// How long the outcome is asked for, in ms. Longer than a commit can take once its session is gone,
    /// short enough that a database that is down does not hold the journal loop; past it the outcome is
    /// unknown and the engine is fenced (it reloads from what is durable).
    /// </summary>
    public const int ResolveMs = 5_000;

    /// <summary>Between two looks at the server process while it is still there, in ms.</summary>
    public const int PollMs = 20;

    /// <summary>
    /// Ends the failed commit's session for good: its server process is terminated from another connection, and
    /// the connection is then used once so that it sees it is broken and is never handed out again (closing a
    /// connection of the data source would only return a healthy session to the pool, where its statement could
    /// still be running). Returns the server process id, to wait for it to be gone.
    /// </summary>
    public static async Task<int> EndSessionAsync(NpgsqlDataSource dataSource, NpgsqlConnection connection, TimeProvider time)
    {
        var processId = connection.ProcessID;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(ResolveMs), time);
        try
        {
            if ((connection.FullState & System.Data.ConnectionState.Broken) == 0)
            {
                await using (var other = await dataSource.OpenConnectionAsync(deadline.Token))
                await using (var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", other))
                {
                    terminate.Parameters.AddWithValue("pid", processId);
                    await terminate.ExecuteScalarAsync(deadline.Token);
                }

                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(deadline.Token);
            }
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
        {
            // Expected: the probe meets the terminated session (or the connection was already broken).
        }
        finally
        {
            await connection.DisposeAsync();
        }

        return processId;
    }

    /// <summary>
    /// True: the batch at <paramref name="position"/> is durable under <paramref name="epoch"/>; false: it is not
    /// (and no longer can be); null: could not find out.
    /// </summary>
    public static async Task<bool?> TryResolveAsync(NpgsqlDataSource dataSource, int processId, long position, long epoch, TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(ResolveMs), time);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            // A terminated server process finishes a commit it is in the middle of before it exits: while it lives,
            // the row may still appear.
            while (true)
            {
                await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", connection);
                alive.Parameters.AddWithValue("pid", processId);
                if ((long)(await alive.ExecuteScalarAsync(deadline.Token))! == 0)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(PollMs), time, deadline.Token);
            }

            await using var row = new NpgsqlCommand("SELECT count(*) FROM \"authorization\".journal WHERE position = @position AND epoch = @epoch", connection);
            row.Parameters.AddWithValue("position", position);
            row.Parameters.AddWithValue("epoch", epoch);
            return (long)(await row.ExecuteScalarAsync(deadline.Token))! == 1;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Fences the engine that wrote <paramref name="epoch"/>: its next commit is rejected, it is deposed
    /// and the host loads the durable state again under a new epoch (as after a takeover). Used when a
    /// batch the engine gave up on (and undid in memory) turned out durable. False if it could not be done.
    /// </summary>
    public static async Task<bool> TryFenceAsync(NpgsqlDataSource dataSource, long epoch, TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(ResolveMs), time);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            await using var command = new NpgsqlCommand("UPDATE \"authorization\".lease SET epoch = epoch + 1 WHERE id = 1 AND epoch = @epoch", connection);
            command.Parameters.AddWithValue("epoch", epoch);
            await command.ExecuteNonQueryAsync(deadline.Token);
            return true;
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}

/// <summary>A journal commit that failed in doubt and could not be settled, or turned out durable after the engine gave up on it.</summary>
internal sealed class InDoubtCommitException(string message, Exception inner) : Exception(message, inner);
