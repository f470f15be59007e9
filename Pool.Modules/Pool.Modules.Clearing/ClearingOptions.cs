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
    /// Details posted per unit of work: one read of the staged rows, one matching statement, one batch of
    /// engine postings (the Authorization gateway keeps a bounded number in flight, so its journal commits them
    /// in groups of hundreds), one update of their outcomes. 20,000 keeps the pause between two units (read,
    /// match, outcome write, while the engine has nothing of this file to commit) small beside the unit, and
    /// its memory at a few MB.
    /// </summary>
    [Range(1, 100_000)]
    public int PostingBatchMax { get; set; } = 20_000;

    /// <summary>
    /// Posting batches in the engine at a time (docs/clearing.md "Pipelined batches"). Two keep the journal and the
    /// projector busy across batch boundaries: the next batch is submitted while the previous one is projected.
    /// More only adds memory (a batch's details and postings are a few MB) and claims to check.
    /// </summary>
    [Range(1, 8)]
    public int PostingBatchesInFlightMax { get; set; } = 2;

    /// <summary>Days between an authorization and a presentment's purchase date for the fallback match (clearing-file.md §5).</summary>
    [Range(0, 365)]
    public int MatchWindowDays { get; set; } = 30;
}
