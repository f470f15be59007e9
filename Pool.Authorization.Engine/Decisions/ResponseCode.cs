namespace Pool.Authorization.Engine.Decisions;

/// <summary>
/// DE39 response codes Pool uses (link spec §6). The numeric value of each member is the two-digit code
/// itself, so the wire form is <c>'0' + value / 10</c>, <c>'0' + value % 10</c>. Values are written to the
/// journal: they are explicit, append-only and pinned by a test.
/// </summary>
public enum ResponseCode : byte
{
    Approved = 0,
    DoNotHonor = 5,
    PartialApproval = 10,
    InvalidTransaction = 12,
    InvalidAmount = 13,
    InvalidCardNumber = 14,
    UnableToLocateOriginal = 25,
    FormatError = 30,
    LostCard = 41,
    StolenCard = 43,
    InsufficientFunds = 51,
    ExpiredCard = 54,
    NotPermitted = 57,
    ExceedsAmountLimit = 61,
    RestrictedCard = 62,
    ExceedsFrequencyLimit = 65,
    IssuerUnavailable = 91,
    SystemMalfunction = 96,
}
