using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// One slot of a partition's <see cref="HoldTable"/>: the transaction key and the hold in one 64-byte
/// cache line (a <see cref="TransactionKey"/> and a <see cref="HoldState"/> side by side would take 72),
/// so a lookup that hits is one miss. <see cref="Used"/> marks a slot in use.
/// <code>
///  0 De32AcquirerId   8 De11Stan  12 Used  13 DecidedOnBillingAmount  14 Counted
/// 16 De7              24 CardId   32 AmountMinor  40 ApprovalCode
/// 48 CardIndex        52 DayNumber  56 MonthNumber
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct HoldSlot
{
    [FieldOffset(0)]
    public long De32AcquirerId;

    [FieldOffset(8)]
    public int De11Stan;

    [FieldOffset(12)]
    public bool Used;

    [FieldOffset(13)]
    public bool DecidedOnBillingAmount;

    [FieldOffset(14)]
    public bool Counted;

    [FieldOffset(16)]
    public long De7TransmissionDateTime;

    [FieldOffset(24)]
    public long CardId;

    [FieldOffset(32)]
    public long AmountMinor;

    [FieldOffset(40)]
    public ulong ApprovalCodePacked;

    [FieldOffset(48)]
    public int CardIndex;

    [FieldOffset(52)]
    public int DayNumber;

    [FieldOffset(56)]
    public int MonthNumber;

    public readonly TransactionKey Key => new(De32AcquirerId, De11Stan, De7TransmissionDateTime);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Holds(in TransactionKey key) =>
        De32AcquirerId == key.De32AcquirerId && De11Stan == key.De11Stan && De7TransmissionDateTime == key.De7TransmissionDateTime;

    public HoldState Hold
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => new()
        {
            CardId = CardId,
            CardIndex = CardIndex,
            AmountMinor = AmountMinor,
            DayNumber = DayNumber,
            MonthNumber = MonthNumber,
            ApprovalCode = ApprovalCode.FromPacked(ApprovalCodePacked),
            DecidedOnBillingAmount = DecidedOnBillingAmount,
            Counted = Counted,
        };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            CardId = value.CardId;
            CardIndex = value.CardIndex;
            AmountMinor = value.AmountMinor;
            DayNumber = value.DayNumber;
            MonthNumber = value.MonthNumber;
            ApprovalCodePacked = value.ApprovalCode.Packed;
            DecidedOnBillingAmount = value.DecidedOnBillingAmount;
            Counted = value.Counted;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetKey(in TransactionKey key)
    {
        De32AcquirerId = key.De32AcquirerId;
        De11Stan = key.De11Stan;
        De7TransmissionDateTime = key.De7TransmissionDateTime;
    }
}
