namespace Pool.Modules.Cards.Application;

/// <summary>How an issuing or replacing request ended.</summary>
internal enum IssueOutcome
{
    /// <summary>A new card was issued.</summary>
    Issued,

    /// <summary>The Idempotency-Key was seen before for this request: the first answer again.</summary>
    Replayed,

    /// <summary>No such cardholder (issue) or card (replacement).</summary>
    NotFound,

    /// <summary>The Idempotency-Key was used for a different request: 422.</summary>
    KeyReused,

    /// <summary>The card is not lost or stolen, so it may not be replaced: 409.</summary>
    NotReplaceable,

    /// <summary>The card was already replaced (by another request): 409.</summary>
    AlreadyReplaced,
}
