namespace Pool.Authorization.Engine.Journal;

/// <summary>Which parts of a <see cref="JournalRecord"/> are meaningful. Persisted: bit positions are append-only.</summary>
[Flags]
public enum JournalRecordFlags : ushort
{
    None = 0,
    HasDe6 = 1 << 0,
    IsRepeat = 1 << 1,
    PartialApprovalSupported = 1 << 2,
    HasAvailableBalance = 1 << 3,

    /// <summary>The answer was added to the recent answers (undo removes it; replay adds it).</summary>
    RecentAnswerAdded = 1 << 4,

    /// <summary>The hold at <see cref="JournalRecord.HoldKey"/> changed: see HoldExistedBefore / HoldExistsAfter.</summary>
    HoldChanged = 1 << 5,
    HoldExistedBefore = 1 << 6,
    HoldExistsAfter = 1 << 7,

    /// <summary>The card's velocity went from VelocityBefore to VelocityAfter.</summary>
    VelocityChanged = 1 << 8,

    /// <summary>The card's approval sequence went from ApprovalSequenceBefore to ApprovalSequenceAfter.</summary>
    ApprovalSequenceChanged = 1 << 9,
    StatusChanged = 1 << 10,
    ControlsChanged = 1 << 11,

    /// <summary>A forced event (advice, clearing) that may take available below zero.</summary>
    Forced = 1 << 12,

    /// <summary>
    /// <see cref="JournalRecord.AvailableBalanceMinor"/> is the account's available balance after the record even
    /// when the answer carries no DE54 (a decline, a reversal, an advice): the authorization log derives the
    /// balance the decision was taken against from it (available after − posted delta + held delta).
    /// </summary>
    AvailableBalanceRecorded = 1 << 13,
}
