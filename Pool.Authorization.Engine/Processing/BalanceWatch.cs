namespace Pool.Authorization.Engine.Processing;

/// <summary>One deposit account's balances as the engine holds them.</summary>
public readonly record struct EngineAccountBalance(long AccountId, long PostedMinor, long HeldMinor);

/// <summary>
/// One partition's part of a balance watch (docs/engine.md "Balance snapshots"), taken by the partition's
/// writer in its queue order: the balances of its accounts and the sequence of the last record it had
/// produced then, so every change the balances include is a record at or below <see cref="Sequence"/>. From
/// then until the watch ends the writer notes every account a record changes; <see cref="Changed"/> holds
/// them once it ended. Only the writer touches it until <see cref="Done"/> completes.
/// </summary>
public sealed class PartitionBalanceSnapshot
{
    internal PartitionBalanceSnapshot(int partition, IReadOnlySet<long>? accounts)
    {
        Partition = partition;
        Accounts = accounts;
    }

    public int Partition { get; }

    /// <summary>The accounts asked for; null means every account of the partition.</summary>
    internal IReadOnlySet<long>? Accounts { get; }

    /// <summary>The partition's last record sequence when the balances were copied.</summary>
    public long Sequence { get; internal set; }

    public List<EngineAccountBalance> Balances { get; } = [];

    /// <summary>Accounts a record changed after the snapshot and before the watch ended (set at the end).</summary>
    public IReadOnlySet<long> Changed { get; internal set; } = new HashSet<long>();

    internal TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
