namespace Pool.Modules.Cards.Persistence;

/// <summary>A row of <c>cards.cardholders</c>.</summary>
internal sealed class CardholderRow
{
    public long Seq { get; init; }

    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public DateTime CreatedAt { get; init; }
}
