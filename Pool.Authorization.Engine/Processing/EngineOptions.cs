namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// Every table, queue and batch of the engine has its maximum here, with its unit and where the default
/// comes from (STYLE.md "Limits"). Tables are allocated at these sizes at startup and never grow; a full
/// table or queue is answered 91 (issuer unavailable: the network may stand in) and counted.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>Ordered writers, one per account partition. Default: one per processor, so partitions never share a core.</summary>
    public int PartitionCount { get; set; } = Environment.ProcessorCount;

    /// <summary>Cards in memory. Default: the benchmark size (a million cards).</summary>
    public int CardsMax { get; set; } = 1_000_000;

    /// <summary>Deposit accounts in memory (one per cardholder; several cards may share one).</summary>
    public int AccountsMax { get; set; } = 1_000_000;

    /// <summary>
    /// Open holds per partition. Default: 7 days of holds (ARCHITECTURE §3 expiry) at a sustained
    /// 100 approvals/s spread over 2 partitions is ~30 M in total; the default is sized for a small
    /// deployment (a million cards, a few holds each) and raised by configuration.
    /// </summary>
    public int HoldsPerPartitionMax { get; set; } = 1_048_576;

    /// <summary>
    /// Answers kept per partition for retransmissions (spec §8). The network retransmits within seconds
    /// (advices every 5 s, spec §7), so a few minutes of traffic is plenty; the oldest is evicted first.
    /// </summary>
    public int RecentAnswersPerPartitionMax { get; set; } = 262_144;

    /// <summary>
    /// Requests waiting for one partition's writer. Default: the spec's 1024 outstanding requests per
    /// connection (§1). A link request that finds the queue full is answered 91 at once.
    /// </summary>
    public int PartitionQueueMax { get; set; } = 1024;

    /// <summary>
    /// Decided but not yet committed records per partition (its undo log). A partition at this limit
    /// answers 91 rather than run further ahead of the journal.
    /// </summary>
    public int UncommittedPerPartitionMax { get; set; } = 8192;

    /// <summary>
    /// Records per journal commit at most. A batch closes when the committer is free, not on a timer: at
    /// low load a commit carries what arrived during the previous one (low latency), at high load batches
    /// grow up to this. The PostgreSQL journal writes a batch as one row (~2.5 MB at 4,096), so a commit's
    /// cost is mostly its WAL flush (docs/benchmarks-engine-journal.md).
    /// </summary>
    public int JournalBatchMax { get; set; } = 4096;

    /// <summary>
    /// Time one commit may take before its batch is undone and answered 91 (ms). The network waits
    /// 2,000 ms (spec §7); 500 ms leaves room for queueing and the answer's way back.
    /// </summary>
    public int CommitBudgetMs { get; set; } = 500;

    /// <summary>
    /// Requests a partition's writer takes from its queue at once and decides as one group: their memory
    /// (card rows, accounts, holds, answers) is prefetched for the whole group before the first is decided,
    /// so the cache misses overlap instead of following one another, and the clock is read once for the
    /// group. Decisions stay in queue order. Default 16: enough misses in flight to cover DRAM latency
    /// (a core tracks a few dozen outstanding misses), and a group's prefetched lines (16 × 4 × 64 bytes)
    /// stay far inside the L1 cache (docs/benchmarks-engine.md). A group taken from the queue makes room
    /// there, so at most <see cref="PartitionQueueMax"/> + this many requests wait for a partition.
    /// </summary>
    public int DecisionBatchMax { get; set; } = 16;

    /// <summary>
    /// Advise the kernel to back the large tables with transparent huge pages (Linux <c>madvise</c>;
    /// ignored elsewhere). Default on: a million cards in random order are a TLB miss per access on 4 KiB
    /// pages. Off only to measure the difference.
    /// </summary>
    public bool AdviseHugePages { get; set; } = true;

    /// <summary>Secret of the approval code permutation (two 64-bit halves); from the secret store, never from the PAN.</summary>
    public ulong ApprovalCodeSecret0 { get; set; } = 0x5EED_0F_A99_0001UL;

    public ulong ApprovalCodeSecret1 { get; set; } = 0x0C0D_E5EC_2E7_0002UL;

    /// <summary>Guards configuration (a trust boundary): a bad value stops the engine from starting.</summary>
    public void Validate()
    {
        // Open-addressing tables take 2 × max slots rounded up to a power of two; this keeps each below 2^28
        // slots (16 GiB of 64-byte slots), far above any configured size, and their arithmetic in range.
        const int tableEntriesMax = 1 << 27;

        Require(PartitionCount is >= 1 and <= 1024, nameof(PartitionCount));
        Require(CardsMax is >= 1 and <= tableEntriesMax, nameof(CardsMax));
        Require(AccountsMax is >= 1 and <= tableEntriesMax, nameof(AccountsMax));
        Require(HoldsPerPartitionMax is >= 1 and <= tableEntriesMax, nameof(HoldsPerPartitionMax));
        Require(RecentAnswersPerPartitionMax <= tableEntriesMax, nameof(RecentAnswersPerPartitionMax));
        // Undo removes the newest answers; they must never have been evicted, so the answer table holds
        // more than every undecided-yet-uncommitted record of the partition.
        Require(RecentAnswersPerPartitionMax > UncommittedPerPartitionMax, nameof(RecentAnswersPerPartitionMax));
        Require(PartitionQueueMax >= 1, nameof(PartitionQueueMax));
        Require(UncommittedPerPartitionMax >= 1, nameof(UncommittedPerPartitionMax));
        Require(JournalBatchMax >= 1, nameof(JournalBatchMax));
        Require(DecisionBatchMax is >= 1 and <= 1024, nameof(DecisionBatchMax));
        Require(CommitBudgetMs >= 1, nameof(CommitBudgetMs));
        Require(ApprovalCodeSecret0 != 0 || ApprovalCodeSecret1 != 0, nameof(ApprovalCodeSecret0));
    }

    private static void Require(bool condition, string name)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, $"Engine option {name} is out of range.");
        }
    }
}
