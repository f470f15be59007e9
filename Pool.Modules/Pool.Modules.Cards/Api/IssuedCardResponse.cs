using Pool.Modules.Cards.Application;
using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;

namespace Pool.Modules.Cards.Api;

/// <summary>The issuing answer (admin-api.md §3): the only answer with a full PAN. A new card is always active.</summary>
internal sealed record IssuedCardResponse(string Id, string Pan, string Last4, string Expiry, string Status)
{
    public static IssuedCardResponse From(IssuedCard card) =>
        new(card.Id, card.Pan, Domain.Pan.Last4(card.Pan), card.Expiry, CardStatusNames.ToWire(CardStatus.Active));

    public override string ToString() => $"IssuedCardResponse {{ Id = {Id}, Last4 = {Last4} }}";
}
