using System.Collections.Concurrent;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The string ids behind the engine's numeric ones, as loaded with the state: card number ↔ card id and
/// cardholder, cardholder → deposit account. The committer writes them into the authorization log; the
/// gateways turn admin ids into engine ids. What was loaded is immutable (a reload builds a new catalog);
/// cards issued after the load (<see cref="Add"/>) go to small concurrent tables consulted on a miss, so
/// readers on other threads (committer, gateways) never see a plain dictionary being written. Plain
/// dictionaries, not frozen ones, for the load: building a frozen one of a million string keys costs seconds.
/// </summary>
internal sealed class CardCatalog
{
    public static readonly CardCatalog Empty = new([], []);

    private readonly Dictionary<long, CatalogCard> _byNumber;
    private readonly Dictionary<string, long> _numberById;
    private readonly Dictionary<string, long> _accountByCardholder;
    private readonly ConcurrentDictionary<long, CatalogCard> _addedByNumber = new();
    private readonly ConcurrentDictionary<string, long> _addedNumberById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _addedAccountByCardholder = new(StringComparer.Ordinal);

    public CardCatalog(IEnumerable<CatalogCard> cards, IEnumerable<KeyValuePair<string, long>> accountsByCardholder)
    {
        var list = cards.ToList();
        _byNumber = list.ToDictionary(c => c.Number);
        _numberById = list.ToDictionary(c => c.CardId, c => c.Number, StringComparer.Ordinal);
        _accountByCardholder = accountsByCardholder.ToDictionary(StringComparer.Ordinal);
    }

    public int CardCount => _byNumber.Count + _addedByNumber.Count;

    public bool TryGetCard(long number, out CatalogCard card) => _byNumber.TryGetValue(number, out card!) || _addedByNumber.TryGetValue(number, out card!);

    public bool TryGetNumber(string cardId, out long number) => _numberById.TryGetValue(cardId, out number) || _addedNumberById.TryGetValue(cardId, out number);

    public bool TryGetAccount(string cardholderId, out long accountId) =>
        _accountByCardholder.TryGetValue(cardholderId, out accountId) || _addedAccountByCardholder.TryGetValue(cardholderId, out accountId);

    /// <summary>A card issued after the load, once the engine holds it. Its account first, so whoever finds the card finds its cardholder's account.</summary>
    public void Add(CatalogCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (!_accountByCardholder.ContainsKey(card.CardholderId))
        {
            _addedAccountByCardholder.TryAdd(card.CardholderId, card.AccountId);
        }

        _addedByNumber.TryAdd(card.Number, card);
        _addedNumberById.TryAdd(card.CardId, card.Number);
    }
}

/// <summary>One card's ids.</summary>
internal sealed record CatalogCard(long Number, string CardId, string CardholderId, long AccountId);
