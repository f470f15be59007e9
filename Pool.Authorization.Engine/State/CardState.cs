using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// One card's hot row: everything an ordinary decision reads or writes, in one 64-byte cache line that
/// is also the card table's slot for the card's PAN token (<see cref="CardTable"/>), so finding the card
/// and reading it is one cache miss. The rest (the controls: limits, blocked MCCs, allow flags) is the
/// cold row, read only when <see cref="HasControls"/> says the card has any.
/// <para>
/// Read and written only by the partition that owns the card's account, so it needs no lock; other
/// threads only read the key, <see cref="AccountIndex"/> (routing) and <see cref="Status"/> (the slot's
/// "in use" mark, published last when the card is added).
/// </para>
/// <code>
///  0 KeyLow            8 KeyHigh          16 CardId
/// 24 DailyAmountMinor 32 MonthlyAmountMinor
/// 40 AccountIndex     44 ApprovalSequence 48 VelocityDayNumber 52 VelocityMonthNumber
/// 56 DailyCount       60 ExpiryYymm       62 Status            63 Flags
/// </code>
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct CardState
{
    /// <summary>The PAN token (first 16 bytes of its keyed hash), low and high halves.</summary>
    [FieldOffset(0)]
    public ulong KeyLow;

    [FieldOffset(8)]
    public ulong KeyHigh;

    [FieldOffset(16)]
    public long CardId;

    [FieldOffset(24)]
    public long DailyAmountMinor;

    [FieldOffset(32)]
    public long MonthlyAmountMinor;

    [FieldOffset(40)]
    public int AccountIndex;

    /// <summary>Approvals issued so far: the next approval code is the permutation of this number.</summary>
    [FieldOffset(44)]
    public uint ApprovalSequence;

    /// <summary>Tokyo day number the daily counters belong to (<see cref="CardVelocity.DayNumber"/>).</summary>
    [FieldOffset(48)]
    public int VelocityDayNumber;

    /// <summary>Tokyo month number the monthly amount belongs to (<see cref="CardVelocity.MonthNumber"/>).</summary>
    [FieldOffset(52)]
    public int VelocityMonthNumber;

    [FieldOffset(56)]
    public int DailyCount;

    /// <summary>The card's own expiry, YYMM.</summary>
    [FieldOffset(60)]
    public short ExpiryYymm;

    /// <summary>Never <c>0</c> once the card is added (statuses start at 1): 0 marks an empty slot.</summary>
    [FieldOffset(62)]
    public CardStatus Status;

    [FieldOffset(63)]
    public CardStateFlags Flags;

    public readonly UInt128 CardKey => new(KeyHigh, KeyLow);

    /// <summary>The card's controls differ from <see cref="CardControls.Default"/>: read the cold row.</summary>
    public readonly bool HasControls => (Flags & CardStateFlags.HasControls) != 0;

    public CardVelocity Velocity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        readonly get => new()
        {
            DayNumber = VelocityDayNumber,
            MonthNumber = VelocityMonthNumber,
            DailyCount = DailyCount,
            DailyAmountMinor = DailyAmountMinor,
            MonthlyAmountMinor = MonthlyAmountMinor,
        };
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        set
        {
            VelocityDayNumber = value.DayNumber;
            VelocityMonthNumber = value.MonthNumber;
            DailyCount = value.DailyCount;
            DailyAmountMinor = value.DailyAmountMinor;
            MonthlyAmountMinor = value.MonthlyAmountMinor;
        }
    }
}
