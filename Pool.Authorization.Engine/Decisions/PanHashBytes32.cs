using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>HMAC-SHA-256 of the PAN under the vault key, computed by the link; the PAN itself never enters the engine.</summary>
[InlineArray(32)]
public struct PanHashBytes32
{
    private byte _element0;
}
