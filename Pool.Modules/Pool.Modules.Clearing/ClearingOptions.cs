using System.ComponentModel.DataAnnotations;

namespace Pool.Modules.Clearing;

/// <summary>The Clearing module's limits (configuration section <c>Clearing</c>), validated when the host starts.</summary>
internal sealed class ClearingOptions
{
    public const string Section = "Clearing";

    /// <summary>
    /// Largest file the API accepts, in bytes. 4 GiB is about 25 million records (169 bytes each), several times
    /// the "few million records" of clearing-file.md §1. The body is streamed, so the size costs no memory.
    /// </summary>
    [Range(1024, long.MaxValue)]
    public long UploadBytesMax { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Details posted per unit of work: one read of the staged rows, one ledger batch, one update of their
    /// outcomes. 5,000 keeps a unit under a second on this machine and its memory around a few MB.
    /// </summary>
    [Range(1, 100_000)]
    public int PostingBatchMax { get; set; } = 5_000;

    /// <summary>
    /// Concurrent postings submitted to the engine at a time (its journal commits them in groups). 64: with 256 on
    /// two cores, about one in ten postings outran the engine's admin-command wait (10 s) and came back unavailable.
    /// </summary>
    [Range(1, 4_096)]
    public int EngineSubmissionsInFlightMax { get; set; } = 64;

    /// <summary>Concurrent matching queries of the authorization log (each holds a pooled connection while it runs).</summary>
    [Range(1, 256)]
    public int MatchQueriesInFlightMax { get; set; } = 16;

    /// <summary>Days between an authorization and a presentment's purchase date for the fallback match (clearing-file.md §5).</summary>
    [Range(0, 365)]
    public int MatchWindowDays { get; set; } = 30;
}
