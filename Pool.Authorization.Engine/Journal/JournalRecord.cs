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
/// <para>
/// Explicit layout, 432 bytes (624 before the controls moved, docs/engine.md "JournalRecord layout"). Every
/// record's bytes are copied several times on the decision path (undo log, journal queue, commit batch),
/// so the record is kept small: <see cref="ControlsBefore"/> and <see cref="ControlsAfter"/> (96 bytes each)
/// are meaningful only in a <see cref="JournalRecordKind.CardControlsChange"/> record, which changes no
/// hold, velocity or approval sequence, so they share bytes 224–415 with <see cref="HoldKey"/>,
/// <see cref="HoldBefore"/>, <see cref="HoldAfter"/>, <see cref="VelocityBefore"/>, <see cref="VelocityAfter"/>
/// and the approval sequences. Each of those is meaningful only when its flag says so
/// (<see cref="JournalRecordFlags.HoldChanged"/>, <see cref="JournalRecordFlags.VelocityChanged"/>,
/// <see cref="JournalRecordFlags.ApprovalSequenceChanged"/>, <see cref="JournalRecordFlags.ControlsChanged"/>),
/// and no record sets both kinds of flag. Every other field has its own bytes, at the offset it had before.
/// </para>
/// <code>
///   0 PartitionSequence  8 Partition  12 Kind  13 RequestKind  14 ResponseCode  15 De3  16 Flags
///  24 DecidedAtUtcTicks  32 CardId  40 AccountId  48 CardKey  64 Key  88 OriginalKey
/// 112 De4  120 De6  128 De49  130 De18  132 De19  134 De22  135 De25  136 De37 (12)  148 De43 (25)
/// 176 ApprovalCode  184 ApprovedAmount  192 ApprovedTransactionAmount  200 AvailableBalance
/// 208 PostedDelta  216 HeldDelta
/// 224 HoldKey  248 HoldBefore  296 HoldAfter  344 VelocityBefore  376 VelocityAfter
///     408 ApprovalSequenceBefore  412 ApprovalSequenceAfter          ─┐ share 224–415 with
/// 224 ControlsBefore  320 ControlsAfter (CardControlsChange only)    ─┘ ControlsBefore/After
/// 416 StatusBefore  417 StatusAfter                                     (432 bytes, 16-aligned)
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 432)]
public struct JournalRecord
{
    // ---- Header ----

    /// <summary>1-based position of the record among its partition's records since start.</summary>
    [FieldOffset(0)]
    public long PartitionSequence;

    /// <summary>The partition that produced the record.</summary>
    [FieldOffset(8)]
    public int Partition;

    [FieldOffset(12)]
    public JournalRecordKind Kind;

    /// <summary>For authorization-family records (and retransmissions): the request's MTI class.</summary>
    [FieldOffset(13)]
    public RequestKind RequestKind;

    /// <summary>DE39 answered (00 for an applied admin command, otherwise why it was refused).</summary>
    [FieldOffset(14)]
    public ResponseCode ResponseCode;

    /// <summary>DE3 first two digits.</summary>
    [FieldOffset(15)]
    public byte De3ProcessingCode;

    [FieldOffset(16)]
    public JournalRecordFlags Flags;

    /// <summary>Clock at the decision (UTC ticks); the Tokyo day and month in the velocity fields derive from it.</summary>
    [FieldOffset(24)]
    public long DecidedAtUtcTicks;

    /// <summary>Durable ids (0 when the card is unknown).</summary>
    [FieldOffset(32)]
    public long CardId;

    [FieldOffset(40)]
    public long AccountId;

    /// <summary>The PAN token (first 16 bytes of its keyed hash): routes the replay of a record for an unknown card.</summary>
    [FieldOffset(48)]
    public UInt128 CardKey;

    // ---- Request (authorization log) ----

    /// <summary>DE32 + DE11 + DE7 of the request (admin commands: the caller's idempotency key).</summary>
    [FieldOffset(64)]
    public TransactionKey Key;

    /// <summary>DE90's original key for reversals.</summary>
    [FieldOffset(88)]
    public TransactionKey OriginalKey;

    [FieldOffset(112)]
    public long De4AmountMinor;
    [FieldOffset(120)]
    public long De6BillingAmountMinor;
    [FieldOffset(128)]
    public short De49CurrencyCode;
    [FieldOffset(130)]
    public short De18Mcc;
    [FieldOffset(132)]
    public short De19CountryCode;
    [FieldOffset(134)]
    public byte De22PosEntryMode;
    [FieldOffset(135)]
    public byte De25PosConditionCode;
    [FieldOffset(136)]
    public RrnBytes12 De37Rrn;
    [FieldOffset(148)]
    public MerchantNameBytes25 De43MerchantName;

    // ---- Answer ----

    [FieldOffset(176)]
    public ApprovalCode ApprovalCode;
    [FieldOffset(184)]
    public long ApprovedAmountMinor;
    [FieldOffset(192)]
    public long ApprovedTransactionAmountMinor;
    [FieldOffset(200)]
    public long AvailableBalanceMinor;

    // ---- State changes ----

    /// <summary>Change of the account's posted amount (deposits, withdrawals, clearing).</summary>
    [FieldOffset(208)]
    public long PostedDeltaMinor;

    /// <summary>Change of the account's held amount (holds placed, reduced, released).</summary>
    [FieldOffset(216)]
    public long HeldDeltaMinor;

    /// <summary>The hold this record changed (HoldChanged): the request key for 0100/0120, DE90's for reversals, the cleared or expired hold's.</summary>
    [FieldOffset(224)]
    public TransactionKey HoldKey;

    [FieldOffset(248)]
    public HoldState HoldBefore;
    [FieldOffset(296)]
    public HoldState HoldAfter;

    [FieldOffset(344)]
    public CardVelocity VelocityBefore;
    [FieldOffset(376)]
    public CardVelocity VelocityAfter;

    [FieldOffset(408)]
    public uint ApprovalSequenceBefore;
    [FieldOffset(412)]
    public uint ApprovalSequenceAfter;

    [FieldOffset(416)]
    public CardStatus StatusBefore;
    [FieldOffset(417)]
    public CardStatus StatusAfter;

    /// <summary>Only in a <see cref="JournalRecordKind.CardControlsChange"/> record (flag ControlsChanged): shares bytes with the hold, velocity and approval-sequence fields.</summary>
    [FieldOffset(224)]
    public CardControls ControlsBefore;
    [FieldOffset(320)]
    public CardControls ControlsAfter;

    public readonly bool Has(JournalRecordFlags flag) => (Flags & flag) == flag;
}
