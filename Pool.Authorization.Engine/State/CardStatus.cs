namespace Pool.Authorization.Engine.State;

/// <summary>A card's standing. Journaled and loaded from SQL: values are explicit, append-only, pinned by a test.</summary>
public enum CardStatus : byte
{
    /// <summary>Authorizations are decided on the rules.</summary>
    Active = 1,

    /// <summary>Frozen by the cardholder or the issuer: 62.</summary>
    Frozen = 2,

    /// <summary>Reported lost: 41.</summary>
    Lost = 3,

    /// <summary>Reported stolen: 43.</summary>
    Stolen = 4,

    /// <summary>Closed: 62.</summary>
    Closed = 5,
}
