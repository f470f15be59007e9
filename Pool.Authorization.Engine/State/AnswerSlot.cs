using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// One slot of a partition's <see cref="RecentAnswerTable"/>: the answer key (MTI class and transaction
/// key) and the answer in one 64-byte cache line. <see cref="Used"/> marks a slot in use.
/// <code>
///  0 De32AcquirerId   8 De11Stan  12 Kind  13 Used  14 ResponseCode  15 HasAvailableBalance
/// 16 De7              24 CardId   32 ApprovalCode   40 ApprovedAmountMinor
/// 48 ApprovedTransactionAmountMinor                 56 AvailableBalanceMinor
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct AnswerSlot
{
    [FieldOffset(0)]
    public long De32AcquirerId;

    [FieldOffset(8)]
    public int De11Stan;

    [FieldOffset(12)]
    public RequestKind Kind;

    [FieldOffset(13)]
    public bool Used;

    [FieldOffset(14)]
    public ResponseCode ResponseCode;

    [FieldOffset(15)]
    public bool HasAvailableBalance;

    [FieldOffset(16)]
    public long De7TransmissionDateTime;

    [FieldOffset(24)]
    public long CardId;

    [FieldOffset(32)]
    public ulong ApprovalCodePacked;

    [FieldOffset(40)]
    public long ApprovedAmountMinor;

    [FieldOffset(48)]
    public long ApprovedTransactionAmountMinor;

    [FieldOffset(56)]
    public long AvailableBalanceMinor;

    public readonly AnswerKey Key => new(Kind, new TransactionKey(De32AcquirerId, De11Stan, De7TransmissionDateTime));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Answers(in AnswerKey key) =>
        Kind == key.Kind
        && De32AcquirerId == key.Key.De32AcquirerId
        && De11Stan == key.Key.De11Stan
        && De7TransmissionDateTime == key.Key.De7TransmissionDateTime;

    public RecentAnswer Answer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => new()
        {
            CardId = CardId,
            ResponseCode = ResponseCode,
            HasAvailableBalance = HasAvailableBalance,
            ApprovalCode = ApprovalCode.FromPacked(ApprovalCodePacked),
            ApprovedAmountMinor = ApprovedAmountMinor,
            ApprovedTransactionAmountMinor = ApprovedTransactionAmountMinor,
            AvailableBalanceMinor = AvailableBalanceMinor,
        };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            CardId = value.CardId;
            ResponseCode = value.ResponseCode;
            HasAvailableBalance = value.HasAvailableBalance;
            ApprovalCodePacked = value.ApprovalCode.Packed;
            ApprovedAmountMinor = value.ApprovedAmountMinor;
            ApprovedTransactionAmountMinor = value.ApprovedTransactionAmountMinor;
            AvailableBalanceMinor = value.AvailableBalanceMinor;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetKey(in AnswerKey key)
    {
        Kind = key.Kind;
        De32AcquirerId = key.Key.De32AcquirerId;
        De11Stan = key.Key.De11Stan;
        De7TransmissionDateTime = key.Key.De7TransmissionDateTime;
    }
}
