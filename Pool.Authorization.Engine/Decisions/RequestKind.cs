namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// The request message a decision answers. A repeat MTI (0101, 0121, 0401, 0421) maps to its original with
/// <see cref="AuthorizationRequest.IsRepeat"/> set (spec §8). A balance inquiry is an
/// <see cref="Authorization"/> with processing code 30. Values are journaled: explicit and append-only.
/// </summary>
public enum RequestKind : byte
{
    /// <summary>0100, answered by 0110.</summary>
    Authorization = 1,

    /// <summary>0120, answered by 0130.</summary>
    Advice = 2,

    /// <summary>0400, answered by 0410.</summary>
    Reversal = 3,

    /// <summary>0420, answered by 0430.</summary>
    ReversalAdvice = 4,
}
