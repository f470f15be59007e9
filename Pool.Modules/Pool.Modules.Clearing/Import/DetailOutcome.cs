namespace Pool.Modules.Clearing.Import;

/// <summary>What posting did with a detail. Persisted (<c>clearing.details.outcome</c>): explicit, append only, pinned by a test.</summary>
internal enum DetailOutcome : short
{
    /// <summary>A 05/07 posted against the hold of its authorization (clearing-file.md §5).</summary>
    Matched = 1,

    /// <summary>A 05/07 with no matching authorization, posted forced.</summary>
    ForcePosted = 2,

    /// <summary>A 06 credited to the cardholder.</summary>
    Credit = 3,

    /// <summary>A 25/26/27 that undid its presentment.</summary>
    Reversal = 4,

    /// <summary>Not posted; kept for the back office with its reason.</summary>
    Exception = 5,
}
