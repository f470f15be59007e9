using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Decisions;

/// <summary>The card acceptor name part of DE43 (its first 25 bytes), kept for the authorization log.</summary>
[InlineArray(25)]
public struct MerchantNameBytes25
{
    private byte _element0;
}
