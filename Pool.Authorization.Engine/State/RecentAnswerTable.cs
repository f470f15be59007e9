using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// Bounded table of recent answers (spec §8), pre-sized at startup. When full, the oldest answer is
/// evicted (first in, first out through a ring of keys): a retransmission comes within seconds, so the
/// oldest answer is the one least likely to be asked for again.
/// <para>
/// Open addressing with linear probing, key and answer in one 64-byte slot (<see cref="AnswerSlot"/>), in
/// native memory of 2 × <see cref="Capacity"/> slots rounded up to a power of two (at most half full),
/// never grown; removal (eviction, undo) is backward-shift deletion as in <see cref="HoldTable"/>. A
/// lookup is one cache miss where a <see cref="Dictionary{TKey,TValue}"/> costs two.
/// </para>
/// </summary>
internal sealed class RecentAnswerTable : IDisposable
{
    private readonly NativeTable<AnswerSlot> _slots;
    private readonly AnswerKey[] _ring;
    private readonly int _shift;
    private readonly int _mask;
    private int _ringStart;
    private int _ringCount;

    public RecentAnswerTable(int capacity, bool adviseHugePages)
    {
        Debug.Assert(capacity > 0, "capacity is validated in EngineOptions");
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)capacity * 2);
        _slots = new NativeTable<AnswerSlot>(length, adviseHugePages);
        _mask = length - 1;
        _shift = 64 - BitOperations.Log2((uint)length);
        _ring = new AnswerKey[capacity];
    }

    public int Count => _ringCount;

    public int Capacity => _ring.Length;

    /// <summary>The slots' table (tests check its alignment and huge pages).</summary>
    public NativeTable<AnswerSlot> Slots => _slots;

    public bool TryGet(in AnswerKey key, out RecentAnswer answer) => TryGet(in key, out answer, out _);

    /// <summary>
    /// As <see cref="TryGet(in AnswerKey, out RecentAnswer)"/>; when absent, <paramref name="emptySlot"/> is
    /// where the key would go, for <see cref="AddNew"/> while the table has not changed (the decision path
    /// looks the key up first and adds its answer last, so it probes once).
    /// </summary>
    public bool TryGet(in AnswerKey key, out RecentAnswer answer, out int emptySlot)
    {
        var i = Probe(in key, out var found);
        answer = found ? _slots[i].Answer : default;
        emptySlot = found ? -1 : i;
        return found;
    }

    /// <summary>Adds or replaces; returns true when the key was new (so undo removes it).</summary>
    public bool Set(in AnswerKey key, in RecentAnswer answer)
    {
        var i = Probe(in key, out var found);
        if (found)
        {
            _slots[i].Answer = answer;
            return false;
        }

        AddNew(in key, in answer, i);
        return true;
    }

    /// <summary>
    /// Adds the answer of a key known to be absent, at the <paramref name="emptySlot"/> a lookup of it returned
    /// with nothing changed since; evicts the oldest answer first when full.
    /// </summary>
    public void AddNew(in AnswerKey key, in RecentAnswer answer, int emptySlot)
    {
        var i = emptySlot;
        Debug.Assert(!_slots[i].Used, "the lookup's empty slot, and nothing added since");
        if (_ringCount == _ring.Length)
        {
            // Evict the oldest. An undone decision does not bring back what it evicted (docs/engine.md).
            var oldest = _ring[_ringStart];
            var evicted = Probe(in oldest, out var present);
            Debug.Assert(present, "every ring key is in the table");
            RemoveAt(evicted);
            _ringStart = Next(_ringStart);
            _ringCount--;
            // Entries moved back over the evicted slot, so the key's first empty slot may be another now.
            i = Probe(in key, out var found);
            Debug.Assert(!found, "the key was absent before the eviction");
        }

        ref var slot = ref _slots[i];
        slot.SetKey(in key);
        slot.Answer = answer;
        slot.Used = true;
        _ring[Wrap(_ringStart + _ringCount)] = key;
        _ringCount++;
    }

    /// <summary>Undo of the most recent <see cref="Set"/> that added <paramref name="key"/> (undo runs newest first).</summary>
    public void RemoveNewest(in AnswerKey key)
    {
        Debug.Assert(_ringCount > 0, "undo removes an answer that was added");
        var newest = Wrap(_ringStart + _ringCount - 1);
        Debug.Assert(_ring[newest].Equals(key), "undo runs in reverse order of additions");
        _ring[newest] = default;
        _ringCount--;
        var i = Probe(in key, out var found);
        Debug.Assert(found, "the newest answer is in the table");
        if (found)
        {
            RemoveAt(i);
        }
    }

    /// <summary>The address of the slot a lookup of this key starts at (for prefetching).</summary>
    public unsafe void* HomeAddress(ulong keyHash) => _slots.AddressOf(Home(keyHash));

    /// <summary>For tests and replay comparison: every answer (allocates).</summary>
    public IReadOnlyDictionary<AnswerKey, RecentAnswer> Snapshot()
    {
        var answers = new Dictionary<AnswerKey, RecentAnswer>(_ringCount);
        for (var i = 0; i < _slots.Length; i++)
        {
            ref var slot = ref _slots[i];
            if (slot.Used)
            {
                answers.Add(slot.Key, slot.Answer);
            }
        }

        Debug.Assert(answers.Count == _ringCount, "every answer has one ring slot");
        return answers;
    }

    public void Dispose() => _slots.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Probe(in AnswerKey key, out bool found)
    {
        var i = Home(key.Hash64());
        // At most half full (Capacity answers in 2 × Capacity slots or more), so an empty slot ends every probe.
        for (var probe = 0; probe <= _mask; probe++)
        {
            ref var slot = ref _slots[i];
            if (!slot.Used)
            {
                found = false;
                return i;
            }

            if (slot.Answers(in key))
            {
                found = true;
                return i;
            }

            i = (i + 1) & _mask;
        }

        throw new InvalidOperationException("The recent-answer table has no empty slot although it is at most half full.");
    }

    /// <summary>Empties a used slot by backward-shift deletion (see <see cref="HoldTable.RemoveAt"/>).</summary>
    private void RemoveAt(int slot)
    {
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

            var home = Home(next.Key.Hash64());
            if (((j - home) & _mask) >= ((j - hole) & _mask))
            {
                _slots[hole] = next;
                hole = j;
            }
        }

        _slots[hole] = default;
    }

    /// <summary>A ring position below 2 × its length brought into range (a subtraction, not a division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Wrap(int position)
    {
        Debug.Assert(position >= 0 && position < 2 * _ring.Length, "start and count are each below the length");
        return position >= _ring.Length ? position - _ring.Length : position;
    }

    private int Next(int position) => Wrap(position + 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong keyHash) => (int)(keyHash >> _shift) & _mask;
}
