namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The string ids behind the engine's numeric ones, as loaded with the state: card number ↔ card id and
/// cardholder, cardholder → deposit account. The committer writes them into the authorization log; the
/// gateways turn admin ids into engine ids. Immutable: a reload builds a new one. Plain dictionaries, not
/// frozen ones: building a Dictionary of a million string keys costs seconds of the load.
/// </summary>
internal sealed class CardCatalog
{
    public static readonly CardCatalog Empty = new([], []);

    private readonly Dictionary<long, CatalogCard> _byNumber;
    private readonly Dictionary<string, long> _numberById;
    private readonly Dictionary<string, long> _accountByCardholder;

    public CardCatalog(IEnumerable<CatalogCard> cards, IEnumerable<KeyValuePair<string, long>> accountsByCardholder)
    {
        var list = cards.ToList();
        _byNumber = list.ToDictionary(c => c.Number);
        _numberById = list.ToDictionary(c => c.CardId, c => c.Number, StringComparer.Ordinal);
        _accountByCardholder = accountsByCardholder.ToDictionary(StringComparer.Ordinal);
    }

    public int CardCount => _byNumber.Count;

    public bool TryGetCard(long number, out CatalogCard card) => _byNumber.TryGetValue(number, out card!);

    public bool TryGetNumber(string cardId, out long number) => _numberById.TryGetValue(cardId, out number);

    public bool TryGetAccount(string cardholderId, out long accountId) => _accountByCardholder.TryGetValue(cardholderId, out accountId);
}

/// <summary>One card's ids.</summary>
internal sealed record CatalogCard(long Number, string CardId, string CardholderId, long AccountId);
