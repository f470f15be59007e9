using Pool.Modules.Cards.Contracts;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// Collects the cards of <see cref="ICardDirectory.ReadForEngineAsync"/> while the other reads of a state load
/// run (the cards cannot go into the state before the accounts, which fix the partitions): one struct per
/// card, the token reduced to the engine's 16-byte card key, so the list holds no per-card object but the
/// two id strings the catalog keeps anyway.
/// </summary>
internal sealed class LoadedCardList : ICardLoadSink
{
    public List<LoadedCard> Cards { get; } = [];

    public void Add(in CardLoadRow card) =>
        Cards.Add(new LoadedCard(card.Number, card.CardId, card.CardholderId, CardMapping.CardKey(card.PanToken), card.ExpiryYymm, card.Status, card.Controls));
}

/// <summary>One card as loaded: the engine's columns and the catalog's ids.</summary>
internal readonly record struct LoadedCard(long Number, string CardId, string CardholderId, UInt128 CardKey, short ExpiryYymm, CardStatus Status, CardControls Controls);
