using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.Decisions;

// Fixed buffers for byte fields carried inside structs, so a request or a journal record is one
// contiguous block without references (spec field sizes in the names).

/// <summary>DE37 retrieval reference number, an12.</summary>
[InlineArray(12)]
public struct RrnBytes12
{
    private byte _element0;
}
