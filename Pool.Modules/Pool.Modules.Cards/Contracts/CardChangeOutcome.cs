namespace Pool.Modules.Cards.Contracts;

/// <summary>What the engine did with a card change (<see cref="ICardChangeGateway"/>).</summary>
public enum CardChangeOutcome
{
    /// <summary>Applied and journaled: the next authorization sees it.</summary>
    Applied = 0,

    /// <summary>The engine does not hold the card yet (issued after it loaded); it will read the card's row when it does.</summary>
    NotLoaded = 1,

    /// <summary>No active engine (standby, loading, deposed) or it could not journal the change: Cards must not commit it (503).</summary>
    Unavailable = 2,
}
