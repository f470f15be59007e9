namespace Pool.Modules.Clearing.Posting;

/// <summary>What a posting does to the cardholder's account (clearing-file.md §5).</summary>
internal enum PostingKind
{
    /// <summary>A 05/07 matched to an authorization: post the cleared amount and release (or reduce) its hold.</summary>
    MatchedPresentment = 1,

    /// <summary>A 05/07 without authorization: post the cleared amount, forced (available may go below zero).</summary>
    ForcedPresentment = 2,

    /// <summary>A 06: credit the cardholder.</summary>
    Credit = 3,

    /// <summary>A 25/27: undo a posted 05/07 by crediting the amount back.</summary>
    ReversalOfDebit = 4,

    /// <summary>A 26: undo a posted 06 by debiting the amount again, forced.</summary>
    ReversalOfCredit = 5,
}
