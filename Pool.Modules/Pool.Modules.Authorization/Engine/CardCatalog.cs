using System.Collections.Frozen;

namespace Pool.Modules.Authorization.Engine;

/// <summary>
/// The string ids behind the engine's numeric ones, as loaded with the state: card number ↔ card id and
/// cardholder, cardholder → deposit account. The committer writes them into the authorization log; the
/// gateways turn admin ids into engine ids. Immutable: a reload builds a new one.
/// </summary>
internal sealed class CardCatalog
{
    public static readonly CardCatalog Empty = new([], []);

    private readonly FrozenDictionary<long, CatalogCard> _byNumber;
    private readonly FrozenDictionary<string, long> _numberById;
    private readonly FrozenDictionary<string, long> _accountByCardholder;

    public CardCatalog(IEnumerable<CatalogCard> cards, IEnumerable<KeyValuePair<string, long>> accountsByCardholder)
    {
        var list = cards.ToList();
        _byNumber = list.ToFrozenDictionary(c => c.Number);
        _numberById = list.ToFrozenDictionary(c => c.CardId, c => c.Number, StringComparer.Ordinal);
        _accountByCardholder = accountsByCardholder.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int CardCount => _byNumber.Count;

    public bool TryGetCard(long number, out CatalogCard card) => _byNumber.TryGetValue(number, out card!);

    public bool TryGetNumber(string cardId, out long number) => _numberById.TryGetValue(cardId, out number);

    public bool TryGetAccount(string cardholderId, out long accountId) => _accountByCardholder.TryGetValue(cardholderId, out accountId);
}

/// <summary>One card's ids.</summary>
internal sealed record CatalogCard(long Number, string CardId, string CardholderId, long AccountId);
