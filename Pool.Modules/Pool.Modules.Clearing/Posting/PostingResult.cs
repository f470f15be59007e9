namespace Pool.Modules.Clearing.Posting;

/// <summary>How one posting ended.</summary>
internal enum PostingResult
{
    /// <summary>Posted now, or before under the same idempotency key.</summary>
    Posted = 1,

    /// <summary>Refused for good (unknown card or authorization, invalid amount): the detail is an exception.</summary>
    Refused = 2,

    /// <summary>No active engine here, or its journal failed: the import stops, staged, to be finished later.</summary>
    Unavailable = 3,
}
