namespace Pool.Authorization.Engine.State;

/// <summary>What adding a card or an account to the engine's tables did.</summary>
internal enum StateAddResult : byte
{
    Added = 1,

    /// <summary>The same card (id and PAN token) or account is already there: nothing to do.</summary>
    Duplicate = 2,

    /// <summary>The card's id or PAN token belongs to another card.</summary>
    Conflict = 3,

    /// <summary>CardsMax or AccountsMax reached.</summary>
    TableFull = 4,

    /// <summary>The card names an account the engine does not hold.</summary>
    UnknownAccount = 5,
}
