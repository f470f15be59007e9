namespace Pool.Authorization.Engine.Codec;

/// <summary>How the length of a data element is known: from the dialect, or from a prefix in the message.</summary>
public enum IsoLengthKind : byte
{
    /// <summary>Always the dialect's maximum length; no prefix.</summary>
    Fixed = 0,

    /// <summary>A two-digit length prefix (LLVAR), at most 99.</summary>
    LlVar = 1,

    /// <summary>A three-digit length prefix (LLLVAR), at most 999.</summary>
    LllVar = 2,
}
