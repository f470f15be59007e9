namespace Pool.Authorization.Engine.Processing;

/// <summary>State changes that do not come from the card network (admin API, clearing, jobs). Explicit values.</summary>
public enum AccountCommandKind : byte
{
    Deposit = 1,
    Withdrawal = 2,

    /// <summary>A clearing posting: releases (or, before the last of a clearing sequence, reduces) the matched hold, if any, and posts the cleared amount (forced).</summary>
    ClearingPosting = 3,

    /// <summary>Releases a hold whose expiry period passed (ARCHITECTURE §3).</summary>
    HoldExpiry = 4,

    CardStatusChange = 5,
    CardControlsChange = 6,

    /// <summary>
    /// A card issued after the load joins the card table (<see cref="AuthorizationEngine.IssueCardAsync"/>);
    /// it produces no journal record, since the card module committed the card before.
    /// </summary>
    CardIssue = 7,
}
