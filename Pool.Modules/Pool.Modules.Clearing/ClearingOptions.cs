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
    /// Details posted per unit of work: one read of the staged rows, one matching statement, one gateway call (the
    /// Authorization gateway keeps a bounded number waiting for their commit, so its journal commits them in groups
    /// of hundreds), one insert of their outcomes. With <see cref="PostingBatchesInFlightMax"/> batches in the engine
    /// the unit's size no longer sets the pauses between units, only memory: a million-presentment import peaked
    /// 267 MB above the host's resident set with 20,000 (every batch's details, postings and gateway state, four
    /// batches alive at once, most of it promoted to gen2 before it died) and 61 MB with 5,000, at the same rate
    /// (the projection bounds it; docs/benchmarks-clearing.md).
    /// </summary>
    [Range(1, 100_000)]
    public int PostingBatchMax { get; set; } = 5_000;

    /// <summary>
    /// Posting batches in the engine at a time (docs/clearing.md "Pipelined batches"). Two keep the journal and the
    /// projector busy across batch boundaries: the next batch is submitted while the previous one is projected.
    /// More only adds memory (a batch's details, postings and gateway state) and claims to check.
    /// </summary>
    [Range(1, 8)]
    public int PostingBatchesInFlightMax { get; set; } = 2;

    /// <summary>Days between an authorization and a presentment's purchase date for the fallback match (clearing-file.md §5).</summary>
    [Range(0, 365)]
    public int MatchWindowDays { get; set; } = 30;
}
