namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// A card's lifecycle status (admin-api.md §3). The numbers are persisted (<c>cards.cards.status</c>)
/// and may be journalled by the authorization engine: append only, never renumber (pinned by a test).
/// </summary>
public enum CardStatus : short
{
    /// <summary>Authorizations are decided on their merits.</summary>
    Active = 1,

    /// <summary>Temporarily blocked by the cardholder or the back office; may return to active.</summary>
    Frozen = 2,

    /// <summary>Reported lost: blocked for good; a replacement is a new card.</summary>
    Lost = 3,

    /// <summary>Reported stolen: blocked for good; a replacement is a new card.</summary>
    Stolen = 4,

    /// <summary>Closed: blocked for good; no change leads out of it.</summary>
    Closed = 5,
}
