namespace Pool.Tests.Engine.Model;

/// <summary>One approved purchase or cash (or approved advice) as velocity sees it: its Tokyo day and month and its current amount, net of reversals.</summary>
internal sealed class ModelVelocityEntry
{
    public required long CardId { get; init; }

    public required DateOnly TokyoDate { get; init; }

    public required long AmountMinor { get; set; }

    public required bool Counted { get; set; }
}
