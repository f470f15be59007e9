using Pool.Modules.Cards.Contracts;
using Pool.Modules.Cards.Domain;
using Pool.Modules.Cards.Persistence;

namespace Pool.Modules.Cards.Api;

/// <summary>A card without its PAN (admin-api.md §3), and the card that replaced it, if any.</summary>
internal sealed record CardResponse(string Id, string CardholderId, string Bin, string Last4, string Expiry, string Status, CardControls Controls, string? ReplacedBy)
{
    public static CardResponse From(CardRow row) =>
        new(row.Id, row.CardholderId, row.Bin, row.Last4, row.Expiry, CardStatusNames.ToWire(row.Status), row.Controls, row.ReplacedBy);
}
