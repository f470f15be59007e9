using Pool.Modules.Cards.Persistence;

namespace Pool.Modules.Cards.Api;

/// <summary>A cardholder (admin-api.md §3).</summary>
internal sealed record CardholderResponse(string Id, string Name, DateTime CreatedAt)
{
    public static CardholderResponse From(CardholderRow row) => new(row.Id, row.Name, DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
}
