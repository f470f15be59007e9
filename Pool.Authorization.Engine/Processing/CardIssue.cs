using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// A card issued (or a lost or stolen card's replacement) after the state was loaded, as the card
/// module committed it, with the posted balance of its deposit account in case the engine does not hold
/// that account yet (the caller reads it where no other write can reach the ledger meanwhile).
/// </summary>
public readonly struct CardIssue
{
    public long CardId { get; init; }

    /// <summary>The first 16 bytes of the PAN token, as <see cref="Decisions.AuthorizationRequest.CardKey"/>.</summary>
    public UInt128 CardKey { get; init; }

    public long AccountId { get; init; }

    /// <summary>Used only when the engine does not hold <see cref="AccountId"/> yet.</summary>
    public long AccountPostedMinor { get; init; }

    public CardStatus Status { get; init; }

    public short ExpiryYymm { get; init; }

    public CardControls Controls { get; init; }
}
