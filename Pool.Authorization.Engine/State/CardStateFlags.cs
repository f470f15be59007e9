namespace Pool.Authorization.Engine.State;

/// <summary>Bits of <see cref="CardState.Flags"/> (in memory only, never persisted).</summary>
[Flags]
internal enum CardStateFlags : byte
{
    None = 0,

    /// <summary>The card's controls are not <see cref="CardControls.Default"/>: the decision reads its cold row.</summary>
    HasControls = 1 << 0,
}
