namespace Pool.Tests.Engine.Model;

internal sealed class ModelHold
{
    public required long CardId { get; init; }

    public required long AmountMinor { get; set; }

    public required bool DecidedOnBillingAmount { get; init; }

    /// <summary>The velocity entry this hold counts in.</summary>
    public required ModelVelocityEntry Entry { get; init; }
}
