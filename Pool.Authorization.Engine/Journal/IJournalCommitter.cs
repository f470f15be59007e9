namespace Pool.Authorization.Engine.Journal;

/// <summary>
/// Makes a batch of journal records durable in one transaction (PostgreSQL in production). The engine
/// calls it from one loop, one batch at a time, in decision order per partition.
/// </summary>
public interface IJournalCommitter
{
    /// <summary>
    /// Commits <paramref name="batch"/> atomically, fenced by <paramref name="epoch"/>. Completing normally
    /// means every record is durable. Throwing means none is; <see cref="EpochRejectedException"/> means
    /// another instance holds the lease (the engine stops). When <paramref name="cancellationToken"/> fires
    /// (the commit budget ran out) the implementation must roll back and must not commit later.
    /// </summary>
    ValueTask CommitAsync(ReadOnlyMemory<JournalRecord> batch, long epoch, CancellationToken cancellationToken);
}
