using Npgsql;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>
/// A journal COMMIT whose answer never arrived (the connection broke, or the budget cancelled it while
/// the server was committing) is in doubt: the batch may be durable or not (docs/engine.md "In-doubt
/// commit"). The committer notes its transaction's id (<c>pg_current_xact_id()</c>) with the epoch
/// check, so the doubt is settled by asking PostgreSQL, on a fresh connection, what became of that
/// transaction (<c>pg_xact_status</c>): committed, aborted, or still in progress (then asked again).
/// </summary>
internal static class InDoubtCommit
{
    /// <summary>
    /// How long the status is asked for, in ms. Longer than a commit can stay in progress once its
    /// session is gone, short enough that a database that is down does not hold the journal loop; past
    /// it the outcome is unknown and the engine is fenced (it reloads from what is durable).
    /// </summary>
    public const int ResolveMs = 5_000;

    /// <summary>Between two status queries while the transaction is still in progress, in ms.</summary>
    public const int PollMs = 20;

    /// <summary>Ends the failed commit's session for good (not back to the pool), whatever state it is in.</summary>
    public static async Task EndSessionAsync(NpgsqlConnection connection)
    {
        try
        {
            NpgsqlConnection.ClearPool(connection);
            await connection.CloseAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or IOException or InvalidOperationException)
        {
            // Already broken: the server ends the session itself.
        }
    }

    /// <summary>True: committed; false: aborted (or unknown to the server, which means it never committed); null: could not find out.</summary>
    public static async Task<bool?> TryResolveAsync(NpgsqlDataSource dataSource, string transactionId, TimeProvider time)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(ResolveMs), time);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            while (true)
            {
                await using var command = new NpgsqlCommand("SELECT pg_xact_status(@xid::xid8)", connection);
                command.Parameters.AddWithValue("xid", transactionId);
                var status = await command.ExecuteScalarAsync(deadline.Token) as string;
                switch (status)
                {
                    case "committed":
                        return true;
                    case "in progress":
                        await Task.Delay(TimeSpan.FromMilliseconds(PollMs), time, deadline.Token);
                        continue;
                    default:
                        // "aborted", or null: too old to be known, which a transaction of this batch cannot be.
                        return false;
                }
            }
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
