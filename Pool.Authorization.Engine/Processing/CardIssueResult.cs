namespace Pool.Authorization.Engine.Processing;

/// <summary>What <see cref="AuthorizationEngine.IssueCardAsync"/> did with a card issued at runtime.</summary>
public enum CardIssueResult : byte
{
    /// <summary>The card (and its account, when new) is in the tables: its next authorization is decided.</summary>
    Added = 1,

    /// <summary>The engine already held this card (a repeat, or it was loaded after the issue committed).</summary>
    AlreadyAdded = 2,

    /// <summary>The card's id or PAN token belongs to another card the engine holds: nothing changed (a bug upstream).</summary>
    Conflict = 3,

    /// <summary>The card table is at <see cref="EngineOptions.CardsMax"/>: nothing changed; raise it and restart.</summary>
    CardTableFull = 4,

    /// <summary>The account table is at <see cref="EngineOptions.AccountsMax"/>: nothing changed; raise it and restart.</summary>
    AccountTableFull = 5,

    /// <summary>The engine is not accepting (stopping or deposed): the next load reads the card.</summary>
    Unavailable = 6,
}
