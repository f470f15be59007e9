using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// The cards, by PAN token: an open-addressing table (linear probing, Fibonacci hash of the token) whose
/// slot is the card's 64-byte hot row (<see cref="CardState"/>), so looking a card up by its token and
/// reading what a decision needs is one cache miss. Cards are only ever added (a closed card keeps its
/// row), so a slot number never changes: it is the card's row number everywhere in the engine (holds
/// keep it as <see cref="HoldState.CardIndex"/>).
/// <para>
/// Sized at startup: 2 × <c>cardsMax</c> slots rounded up to a power of two, so the table is at most half
/// full and every probe ends at an empty slot. The cold rows (controls) are a second table in the order
/// cards were added, read only for a card whose <see cref="CardState.HasControls"/> is set.
/// </para>
/// <para>
/// <b>Publication.</b> One writer at a time (the caller's lock: the loader, or the partition of a card
/// issued at runtime) and any number of readers without locks (routing on the link's threads, every
/// partition). A slot is empty while its <see cref="CardState.Status"/> is 0. The writer fills the cold
/// row and every field of the slot first and writes the status last with a release write; a reader
/// acquire-reads the status before it reads the key. So a reader that sees a non-zero status sees the
/// whole row, and a reader that meets the slot still empty simply does not find the card yet (it ends its
/// probe there, as for any unknown card). The count is raised after the status, so whoever walks rows by
/// <see cref="SlotOfOrdinal"/> below <see cref="Count"/> only meets published cards.
/// </para>
/// </summary>
internal sealed class CardTable : IDisposable
{
    // 2^64 / golden ratio. PAN tokens are HMAC output (uniform), but test keys are small numbers, so the
    // multiply spreads them over the high bits the table uses.
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15;

    private readonly NativeTable<CardState> _slots;
    private readonly NativeTable<CardColdState> _cold;
    private readonly NativeTable<int> _ordinalOfSlot;
    private readonly int _shift;
    private readonly int _mask;
    private int _count;

    public CardTable(int cardsMax, bool adviseHugePages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cardsMax);
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)cardsMax * 2);
        _slots = new NativeTable<CardState>(length, adviseHugePages);
        _cold = new NativeTable<CardColdState>(cardsMax, adviseHugePages);
        _ordinalOfSlot = new NativeTable<int>(length, adviseHugePages);
        _mask = length - 1;
        _shift = 64 - BitOperations.Log2((uint)length);
        CardsMax = cardsMax;
    }

    public int CardsMax { get; }

    public int SlotCount => _slots.Length;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The hot rows' table (tests check its alignment and huge pages).</summary>
    public NativeTable<CardState> Slots => _slots;

    /// <summary>The card's hot row. Only its account's partition writes it.</summary>
    public ref CardState this[int slot] => ref _slots[slot];

    /// <summary>Finds a card by PAN token (any thread, no lock).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong keyLow, ulong keyHigh, out int slot)
    {
        var i = Home(keyLow, keyHigh);
        // At most half the slots are used, so an empty one ends every probe; the bound is a guard.
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var row = ref _slots[i];
            if (Volatile.Read(ref Unsafe.As<CardStatus, byte>(ref row.Status)) == 0)
            {
                break;
            }

            if (row.KeyLow == keyLow && row.KeyHigh == keyHigh)
            {
                slot = i;
                return true;
            }

            i = (i + 1) & _mask;
        }

        slot = -1;
        return false;
    }

    /// <summary>The address of the slot a lookup of this token starts at (for prefetching).</summary>
    public unsafe void* HomeAddress(ulong keyLow, ulong keyHigh) => _slots.AddressOf(Home(keyLow, keyHigh));

    /// <summary>The card's controls (its cold row). <see cref="CardControls.Default"/> when <see cref="CardState.HasControls"/> is clear.</summary>
    public ref CardControls Controls(int slot) => ref _cold[_ordinalOfSlot[slot]].Controls;

    /// <summary>Replaces a card's controls and keeps <see cref="CardState.HasControls"/> true to them (its partition only).</summary>
    public void SetControls(int slot, in CardControls controls)
    {
        ref var row = ref _slots[slot];
        Debug.Assert(row.Status != 0, "only a published card changes");
        _cold[_ordinalOfSlot[slot]].Controls = controls;
        row.Flags = controls.Equals(CardControls.Default) ? row.Flags & ~CardStateFlags.HasControls : row.Flags | CardStateFlags.HasControls;
    }

    /// <summary>The slot of the <paramref name="ordinal"/>-th card added (in [0, <see cref="Count"/>)).</summary>
    public int SlotOfOrdinal(int ordinal)
    {
        Debug.Assert((uint)ordinal < (uint)Count, "only published cards are walked");
        return _cold[ordinal].Slot;
    }

    /// <summary>
    /// Adds a card whose token is not in the table yet (the caller checked, under its lock); returns its
    /// slot, or −1 when <see cref="CardsMax"/> cards are there.
    /// </summary>
    public int Add(long cardId, ulong keyLow, ulong keyHigh, int accountIndex, CardStatus status, short expiryYymm, in CardControls controls, uint approvalSequence)
    {
        Debug.Assert(status != 0, "0 marks an empty slot; statuses start at 1");
        var ordinal = _count;
        if (ordinal >= CardsMax)
        {
            return -1;
        }

        var i = Home(keyLow, keyHigh);
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var row = ref _slots[i];
            if (row.Status == 0)
            {
                ref var cold = ref _cold[ordinal];
                cold.Controls = controls;
                cold.Slot = i;
                _ordinalOfSlot[i] = ordinal;
                row.KeyLow = keyLow;
                row.KeyHigh = keyHigh;
                row.CardId = cardId;
                row.AccountIndex = accountIndex;
                row.ExpiryYymm = expiryYymm;
                row.ApprovalSequence = approvalSequence;
                row.Flags = controls.Equals(CardControls.Default) ? CardStateFlags.None : CardStateFlags.HasControls;
                // Last, with release semantics: publishes the row to lock-free readers (see the class comment).
                Volatile.Write(ref Unsafe.As<CardStatus, byte>(ref row.Status), (byte)status);
                Volatile.Write(ref _count, ordinal + 1);
                return i;
            }

            Debug.Assert(row.KeyLow != keyLow || row.KeyHigh != keyHigh, "the caller checked the token is new");
            i = (i + 1) & _mask;
        }

        throw new InvalidOperationException("The card table has no empty slot although it is at most half full.");
    }

    public void Dispose()
    {
        _slots.Dispose();
        _cold.Dispose();
        _ordinalOfSlot.Dispose();
    }

    private int Home(ulong keyLow, ulong keyHigh) => (int)(((keyLow ^ keyHigh) * HashMultiplier) >> _shift) & _mask;

    /// <summary>A card's cold row: its controls, and its slot (so cards can be walked in the order they were added).</summary>
    private struct CardColdState
    {
        public CardControls Controls;
        public int Slot;
    }
}
