using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>Inline storage for a card's blocked MCCs (<see cref="CardControls.BlockedMccsMax"/> of them).</summary>
[InlineArray(CardControls.BlockedMccsMax)]
public struct BlockedMccs32
{
    private short _element0;
}
