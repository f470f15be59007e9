using Pool.Authorization.Engine.State;

namespace Pool.Modules.Authorization.Persistence;

/// <summary>A card's current-state changes in one batch (the last of each kind wins).</summary>
internal sealed class CardStateRow
{
    public long CardNumber { get; init; }

    public bool HasVelocity { get; set; }

    public CardVelocity Velocity { get; set; }

    public bool HasApprovalSequence { get; set; }

    public uint ApprovalSequence { get; set; }

    public bool HasStatus { get; set; }

    public CardStatus Status { get; set; }

    public bool HasControls { get; set; }

    public CardControls Controls { get; set; }
}
