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

    /// <summary>
    /// Longest a batch's statements may run, in seconds. A million posts took about 40 s on a loaded two-core
    /// machine (docs/benchmarks.md); Npgsql's default of 30 s failed them, so the default leaves room.
    /// </summary>
    [Range(1, 3_600)]
    public int BatchCommandTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Deposit accounts read per page by the yield and cashback jobs: one statement per page. 10,000 keeps a
    /// statement to about a second on this machine and a page's rows to about a megabyte.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ProductJobAccountsPerPage { get; set; } = 10_000;

    /// <summary>
    /// Yield and cashback credits submitted to the engine at a time. Each waits for a journal commit, which groups
    /// them; 16 keeps a run's share of the engine small next to live authorizations.
    /// </summary>
    [Range(1, 1_024)]
    public int ProductCreditsInFlightMax { get; set; } = 16;

    /// <summary>
    /// Most past days one scheduled yield-accrual run catches up after a downtime (the days after the last one
    /// accrued, up to yesterday). 31: a month; an older gap is an incident, accrued day by day with <c>--param date=</c>.
    /// </summary>
    [Range(1, 366)]
    public int YieldCatchUpDaysMax { get; set; } = 31;
}
