using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;
using Pool.Authorization.Engine.State;

namespace Pool.Authorization.Engine.Journal;

/// <summary>
/// One decision or state change, fixed size and free of references (issue 5 "Durability"). It carries
/// three things:
/// <list type="number">
/// <item>what the authorization log needs (request fields and the answer);</item>
/// <item>every state change, as after-values or deltas, so that replaying committed records onto loaded
/// state (<see cref="Processing.AuthorizationEngine.Apply"/>) rebuilds the state exactly;</item>
/// <item>the before-values, so that an uncommitted record can be undone in memory.</item>
/// </list>
/// The committer writes holds as ledger transfers (HoldKey, HoldBefore → HoldAfter), the authorization
/// log, account deltas and card counters from it. <see cref="Flags"/> says which parts are meaningful.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct JournalRecord
{
    // ---- Header ----

    /// <summary>1-based position of the record among its partition's records since start.</summary>
    public long PartitionSequence;

    /// <summary>The partition that produced the record.</summary>
    public int Partition;

    public JournalRecordKind Kind;

    /// <summary>For authorization-family records (and retransmissions): the request's MTI class.</summary>
    public RequestKind RequestKind;

    /// <summary>DE39 answered (00 for an applied admin command, otherwise why it was refused).</summary>
    public ResponseCode ResponseCode;

    /// <summary>DE3 first two digits.</summary>
    public byte De3ProcessingCode;

    public JournalRecordFlags Flags;

    /// <summary>Clock at the decision (UTC ticks); the Tokyo day and month in the velocity fields derive from it.</summary>
    public long DecidedAtUtcTicks;

    /// <summary>Durable ids (0 when the card is unknown).</summary>
    public long CardId;

    public long AccountId;

    /// <summary>The PAN token (first 16 bytes of its keyed hash): routes the replay of a record for an unknown card.</summary>
    public UInt128 CardKey;

    // ---- Request (authorization log) ----

    /// <summary>DE32 + DE11 + DE7 of the request (admin commands: the caller's idempotency key).</summary>
    public TransactionKey Key;

    /// <summary>DE90's original key for reversals.</summary>
    public TransactionKey OriginalKey;

    public long De4AmountMinor;
    public long De6BillingAmountMinor;
    public short De49CurrencyCode;
    public short De18Mcc;
    public short De19CountryCode;
    public byte De22PosEntryMode;
    public byte De25PosConditionCode;
    public RrnBytes12 De37Rrn;
    public MerchantNameBytes25 De43MerchantName;

    // ---- Answer ----

    public ApprovalCode ApprovalCode;
    public long ApprovedAmountMinor;
    public long ApprovedTransactionAmountMinor;
    public long AvailableBalanceMinor;

    // ---- State changes ----

    /// <summary>Change of the account's posted amount (deposits, withdrawals, clearing).</summary>
    public long PostedDeltaMinor;

    /// <summary>Change of the account's held amount (holds placed, reduced, released).</summary>
    public long HeldDeltaMinor;

    /// <summary>The hold this record changed (HoldChanged): the request key for 0100/0120, DE90's for reversals, the cleared or expired hold's.</summary>
    public TransactionKey HoldKey;

    public HoldState HoldBefore;
    public HoldState HoldAfter;

    public CardVelocity VelocityBefore;
    public CardVelocity VelocityAfter;

    public uint ApprovalSequenceBefore;
    public uint ApprovalSequenceAfter;

    public CardStatus StatusBefore;
    public CardStatus StatusAfter;

    public CardControls ControlsBefore;
    public CardControls ControlsAfter;

    public readonly bool Has(JournalRecordFlags flag) => (Flags & flag) == flag;
}
