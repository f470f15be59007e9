using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// A partition's open holds by transaction key: open addressing with linear probing, key and hold in one
/// 64-byte slot (<see cref="HoldSlot"/>), in native memory sized at startup for <see cref="HoldsMax"/>
/// holds at a load of at most one half (2 × max rounded up to a power of two), never grown. A hit is one
/// cache miss, where a <see cref="Dictionary{TKey,TValue}"/> costs two (bucket, then entry).
/// <para>
/// Removal is backward-shift deletion, not tombstones: after emptying a slot, every following entry of
/// the same run that its probe would reach through the hole is moved back into it, so the table never
/// fills with dead slots and a lookup still ends at the first empty slot. Row references are valid only
/// until the next <see cref="Insert"/>, <see cref="Set"/> or <see cref="Remove"/> (entries move).
/// </para>
/// <para>
/// A decision refuses a new hold once <see cref="Count"/> reaches <see cref="HoldsMax"/> (91, the caller's
/// check). Replay and undo only restore holds that existed together before, so they stay within it too;
/// should a replay go beyond (the limit lowered between runs), the table keeps working up to one slot
/// short of physically full, only with longer probes.
/// </para>
/// </summary>
internal sealed class HoldTable : IDisposable
{
    private readonly NativeTable<HoldSlot> _slots;
    private readonly int _shift;
    private readonly int _mask;
    private int _count;

    public HoldTable(int holdsMax, bool adviseHugePages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(holdsMax);
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)holdsMax * 2);
        _slots = new NativeTable<HoldSlot>(length, adviseHugePages);
        _mask = length - 1;
        _shift = 64 - BitOperations.Log2((uint)length);
        HoldsMax = holdsMax;
    }

    public int HoldsMax { get; }

    public int Count => _count;

    public int SlotCount => _slots.Length;

    /// <summary>The slots' table (tests check its alignment and huge pages).</summary>
    public NativeTable<HoldSlot> Slots => _slots;

    public ref HoldSlot this[int slot] => ref _slots[slot];

    /// <summary>
    /// The slot holding <paramref name="key"/> (<paramref name="found"/>), or else the empty slot where it
    /// would be inserted (valid for <see cref="Insert"/> until the table changes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Probe(in TransactionKey key, out bool found)
    {
        var i = Home(key.Hash64());
        // At most half full in decisions; the bound only guards a corrupted table.
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var slot = ref _slots[i];
            if (!slot.Used)
            {
                found = false;
                return i;
            }

            if (slot.Holds(in key))
            {
                found = true;
                return i;
            }

            i = (i + 1) & _mask;
        }

        throw new InvalidOperationException("The hold table has no empty slot.");
    }

    /// <summary>The hold under <paramref name="key"/>, or a null reference.</summary>
    public ref HoldSlot Find(in TransactionKey key)
    {
        var i = Probe(in key, out var found);
        if (!found)
        {
            return ref Unsafe.NullRef<HoldSlot>();
        }

        return ref _slots[i];
    }

    public bool TryGetValue(in TransactionKey key, out HoldState hold)
    {
        ref var slot = ref Find(in key);
        if (Unsafe.IsNullRef(ref slot))
        {
            hold = default;
            return false;
        }

        hold = slot.Hold;
        return true;
    }

    public bool ContainsKey(in TransactionKey key)
    {
        Probe(in key, out var found);
        return found;
    }

    /// <summary>Fills the empty slot <see cref="Probe"/> returned for <paramref name="key"/>.</summary>
    public void Insert(int emptySlot, in TransactionKey key, in HoldState hold)
    {
        ref var slot = ref _slots[emptySlot];
        Debug.Assert(!slot.Used, "Probe returned an empty slot and nothing changed since");
        if (_count >= _mask)
        {
            // One slot must stay empty so that every probe ends.
            throw new InvalidOperationException($"The hold table is full ({_count} holds in {_slots.Length} slots).");
        }

        slot.SetKey(in key);
        slot.Hold = hold;
        slot.Used = true;
        _count++;
    }

    /// <summary>Adds a hold; false when the key is already there (load).</summary>
    public bool TryAdd(in TransactionKey key, in HoldState hold)
    {
        var i = Probe(in key, out var found);
        if (found)
        {
            return false;
        }

        Insert(i, in key, in hold);
        return true;
    }

    /// <summary>Adds or replaces (replay, undo).</summary>
    public void Set(in TransactionKey key, in HoldState hold)
    {
        var i = Probe(in key, out var found);
        if (found)
        {
            _slots[i].Hold = hold;
            return;
        }

        Insert(i, in key, in hold);
    }

    /// <summary>Removes the hold under <paramref name="key"/>; false when there is none.</summary>
    public bool Remove(in TransactionKey key)
    {
        var i = Probe(in key, out var found);
        if (!found)
        {
            return false;
        }

        RemoveAt(i);
        return true;
    }

    /// <summary>Empties a used slot by backward-shift deletion.</summary>
    public void RemoveAt(int slot)
    {
        Debug.Assert(_slots[slot].Used, "only a used slot is removed");
        var hole = slot;
        var j = slot;
        for (var step = 0; step < _mask; step++)
        {
            j = (j + 1) & _mask;
            ref var next = ref _slots[j];
            if (!next.Used)
            {
                break;
            }

            // The entry at j may move back into the hole when its probe passes the hole before j, i.e. the
            // hole lies in [home, j) going round the table: its distance from home is at least the hole's.
            var home = Home(next.Key.Hash64());
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _slots[hole] = next;
                hole = j;
            }
        }

        _slots[hole] = default;
        _count--;
    }

    /// <summary>The address of the slot a lookup of this key starts at (for prefetching).</summary>
    public unsafe void* HomeAddress(ulong keyHash) => _slots.AddressOf(Home(keyHash));

    /// <summary>Every hold (snapshots and tests; allocates).</summary>
    public List<KeyValuePair<TransactionKey, HoldState>> ToList()
    {
        var holds = new List<KeyValuePair<TransactionKey, HoldState>>(_count);
        for (var i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Used)
            {
                holds.Add(new(slot.Key, slot.Hold));
            }
        }

        return holds;
    }

    public void Dispose() => _slots.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong keyHash) => (int)(keyHash >> _shift) & _mask;
}
