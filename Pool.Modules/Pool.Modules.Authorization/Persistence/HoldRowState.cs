namespace Pool.Modules.Authorization.Persistence;

/// <summary>authorization.holds.state. Persisted: explicit values, append only.</summary>
internal enum HoldRowState : short
{
    /// <summary>In the engine's table (its amount may be 0 after a full reversal).</summary>
    Open = 1,

    /// <summary>Left the table at a clearing posting.</summary>
    Cleared = 2,

    /// <summary>Left the table at its expiry.</summary>
    Expired = 3,
}
