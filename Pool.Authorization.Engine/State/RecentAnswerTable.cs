using System.Diagnostics;
using System.Runtime.InteropServices;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.State;

/// <summary>
/// Bounded table of recent answers (spec §8), pre-sized at startup. When full, the oldest answer is
/// evicted (first in, first out through a ring of keys): a retransmission comes within seconds, so the
/// oldest answer is the one least likely to be asked for again.
/// </summary>
internal sealed class RecentAnswerTable
{
    private readonly Dictionary<AnswerKey, RecentAnswer> _answers;
    private readonly AnswerKey[] _ring;
    private int _ringStart;
    private int _ringCount;

    public RecentAnswerTable(int capacity)
    {
        Debug.Assert(capacity > 0, "capacity is validated in EngineOptions");
        _answers = new Dictionary<AnswerKey, RecentAnswer>(capacity);
        _ring = new AnswerKey[capacity];
    }

    public int Count => _answers.Count;

    public int Capacity => _ring.Length;

    public bool TryGet(in AnswerKey key, out RecentAnswer answer) => _answers.TryGetValue(key, out answer);

    /// <summary>Adds or replaces; returns true when the key was new (so undo removes it).</summary>
    public bool Set(in AnswerKey key, in RecentAnswer answer)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_answers, key);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot))
        {
            slot = answer;
            return false;
        }

        if (_ringCount == _ring.Length)
        {
            // Evict the oldest. An undone decision does not bring back what it evicted (docs/engine.md).
            var oldest = _ring[_ringStart];
            _answers.Remove(oldest);
            _ringStart = (_ringStart + 1) % _ring.Length;
            _ringCount--;
        }

        _answers.Add(key, answer);
        _ring[(_ringStart + _ringCount) % _ring.Length] = key;
        _ringCount++;
        Debug.Assert(_answers.Count == _ringCount, "every answer has one ring slot");
        return true;
    }

    /// <summary>Undo of the most recent <see cref="Set"/> that added <paramref name="key"/> (undo runs newest first).</summary>
    public void RemoveNewest(in AnswerKey key)
    {
        Debug.Assert(_ringCount > 0, "undo removes an answer that was added");
        var newest = (_ringStart + _ringCount - 1) % _ring.Length;
        Debug.Assert(_ring[newest].Equals(key), "undo runs in reverse order of additions");
        _ring[newest] = default;
        _ringCount--;
        _answers.Remove(key);
    }

    /// <summary>For tests and replay comparison: every answer (allocates).</summary>
    public IReadOnlyDictionary<AnswerKey, RecentAnswer> Snapshot() => new Dictionary<AnswerKey, RecentAnswer>(_answers);
}
