using System.ComponentModel.DataAnnotations;

namespace Pool.Modules.Ledger;

/// <summary>The ledger's limits (configuration section <c>Ledger</c>), validated when the host starts.</summary>
internal sealed class LedgerOptions
{
    public const string Section = "Ledger";

    /// <summary>
    /// Most transfer requests in one batch. One clearing file of the largest size we plan for (about a million
    /// records) fits in one batch; above that a caller splits. Arrays of this size take about 100 MB of memory.
    /// </summary>
    [Range(1, 4_000_000)]
    public int TransfersPerBatchMax { get; set; } = 1_000_000;

    /// <summary>
    /// How often a batch is redone when a concurrent transaction took one of its idempotency keys or pending
    /// transfers first. Each retry reads the winner's transfer, so one retry is enough unless more writers race.
    /// </summary>
    [Range(0, 10)]
    public int ConflictRetriesMax { get; set; } = 3;
}
