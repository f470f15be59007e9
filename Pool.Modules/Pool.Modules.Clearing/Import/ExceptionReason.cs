namespace Pool.Modules.Clearing.Import;

/// <summary>Why a detail is an exception. Persisted (<c>clearing.details.exception_reason</c>): explicit, append only, pinned by a test.</summary>
internal enum ExceptionReason : short
{
    /// <summary>The account number is not a card of Pool's (clearing-file.md §5).</summary>
    UnknownCard = 1,

    /// <summary>A 25/26/27 names no presentment Pool posted (clearing-file.md §5).</summary>
    UnknownPresentment = 2,

    /// <summary>The ledger or engine refused the posting (e.g. the card's account is gone).</summary>
    PostingRefused = 3,
}
