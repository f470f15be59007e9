using System.Diagnostics;
using System.Numerics;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// An open-addressing index from a 64-bit id (card id, account id) to a row number, sized at startup for
/// <c>entriesMax</c> entries at a load of at most one half, so a probe always meets an empty slot.
/// Entries are only ever added, never changed or removed, which is what the card-id and account-id
/// indexes need (a card issued at runtime is added; a closed card keeps its row). One writer at a time
/// (the caller serialises adds) and any number of readers without locks: an entry's key is written
/// before its row number, and the row number is published with a release write, so a reader that sees
/// the row number sees the key, and a reader that meets the slot still empty simply does not find the
/// entry yet. Key and row number share one 16-byte slot (four to a cache line), in native memory
/// (<see cref="NativeTable{T}"/>, huge pages when large). The decision path's own lookup (by PAN token)
/// is <see cref="CardTable"/>, whose slot is the card's row itself; this index serves commands, replay,
/// undo and the load.
/// </summary>
internal sealed class InsertOnlyIndex : IDisposable
{
    // Fibonacci hashing: 2^64 / golden ratio. Ids are sequential, so the multiply spreads them over the
    // high bits the table uses.
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15;

    private readonly NativeTable<Slot> _slots;
    private readonly int _shift;
    private readonly int _mask;
    private int _count;

    public InsertOnlyIndex(int entriesMax, bool adviseHugePages = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(entriesMax);
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)entriesMax * 2);
        _slots = new NativeTable<Slot>(length, adviseHugePages);
        _mask = length - 1;
        _shift = 64 - BitOperations.Log2((uint)length);
        EntriesMax = entriesMax;
    }

    /// <summary>Most entries; <see cref="TryAdd"/> refuses beyond it (the table stays at most half full).</summary>
    public int EntriesMax { get; }

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(long key, out int row)
    {
        var i = Home(key);
        // At most half the slots are used, so an empty one ends every probe; the bound is a guard.
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var slot = ref _slots[i];
            var rowPlusOne = Volatile.Read(ref slot.RowPlusOne);
            if (rowPlusOne == 0)
            {
                break;
            }

            if (slot.Key == key)
            {
                row = rowPlusOne - 1;
                return true;
            }

            i = (i + 1) & _mask;
        }

        row = -1;
        return false;
    }

    /// <summary>Adds an entry; false when the key is already there or <see cref="EntriesMax"/> is reached. Writers take turns (the caller's lock).</summary>
    public bool TryAdd(long key, int row)
    {
        Debug.Assert(row >= 0, "rows are array indexes");
        if (_count >= EntriesMax)
        {
            return false;
        }

        var i = Home(key);
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var slot = ref _slots[i];
            if (slot.RowPlusOne == 0)
            {
                slot.Key = key;
                Volatile.Write(ref slot.RowPlusOne, row + 1);
                Volatile.Write(ref _count, _count + 1);
                return true;
            }

            if (slot.Key == key)
            {
                return false;
            }

            i = (i + 1) & _mask;
        }

        throw new InvalidOperationException("The index has no empty slot although it is at most half full.");
    }

    public void Dispose() => _slots.Dispose();

    private int Home(long key) => (int)(((ulong)key * HashMultiplier) >> _shift) & _mask;

    private struct Slot
    {
        public long Key;
        public int RowPlusOne;
        private readonly int _padding;
    }
}
