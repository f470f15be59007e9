namespace Pool.Modules.Cards.Contracts;

/// <summary>
/// A port Cards calls so that a card change reaches the authorization engine before it is committed
/// (issue 5: a change made through the admin API applies to the next authorization). The Authorization
/// module implements it; without one registered (module tests), Cards changes its table only.
/// </summary>
public interface ICardChangeGateway
{
    /// <summary>Applies <paramref name="status"/> to the card in the engine; called while Cards holds the card's row lock.</summary>
    Task<CardChangeOutcome> ChangeStatusAsync(string cardId, CardStatus status, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="controls"/> to the card in the engine; called while Cards holds the card's row lock.</summary>
    Task<CardChangeOutcome> ChangeControlsAsync(string cardId, CardControls controls, CancellationToken cancellationToken);

    /// <summary>Tells the engine a card was issued (committed), so it can decide the card's authorizations.</summary>
    Task CardIssuedAsync(string cardId, CancellationToken cancellationToken);
}
