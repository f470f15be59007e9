namespace Pool.Authorization.Engine.Journal;

/// <summary>What a journal record records. Persisted: explicit, append-only, pinned by a test.</summary>
public enum JournalRecordKind : byte
{
    /// <summary>An 0100 decided (purchase, cash, refund, balance inquiry, or a decline of any).</summary>
    Authorization = 1,

    /// <summary>An 0120 recorded.</summary>
    Advice = 2,

    /// <summary>An 0400 decided.</summary>
    Reversal = 3,

    /// <summary>An 0420 decided.</summary>
    ReversalAdvice = 4,

    /// <summary>A retransmission answered with its earlier answer: changes nothing, but its answer waits for the journal like any other.</summary>
    Retransmission = 5,

    Deposit = 10,
    Withdrawal = 11,

    /// <summary>A clearing posting: releases the matched hold (if any) and posts the cleared amount.</summary>
    ClearingPosting = 12,

    /// <summary>An unclaimed hold released after its expiry period (ARCHITECTURE §3).</summary>
    HoldExpiry = 13,

    CardStatusChange = 14,
    CardControlsChange = 15,
}
