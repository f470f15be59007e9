namespace Pool.Modules.Authorization.Contracts;

/// <summary>How a gateway command ended, with the ledger transfer it made (0 for none).</summary>
public sealed record GatewayResult(GatewayStatus Status, long TransferId);

/// <summary>Outcome of a gateway command. Values are explicit and append only.</summary>
public enum GatewayStatus
{
    /// <summary>Applied and committed.</summary>
    Applied = 0,

    /// <summary>The idempotency key was used before; nothing changed.</summary>
    Repeated = 1,

    /// <summary>The card (or its account) is not held by the engine.</summary>
    UnknownCard = 2,

    /// <summary>The authorization id names no authorization of this card.</summary>
    UnknownAuthorization = 3,

    /// <summary>No active engine here, or its journal failed: retry (on the active instance).</summary>
    Unavailable = 4,

    /// <summary>Refused as invalid (e.g. an amount out of range).</summary>
    Invalid = 5,
}
