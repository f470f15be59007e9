namespace Pool.Benchmarks.Load;

/// <summary>
/// The STANs (DE11, n6) of one connection: connection c of n owns the block [c·B, (c+1)·B) with
/// B = ⌊999,999 / n⌋ rounded down to a multiple of the slot count, so no two connections ever send the same
/// STAN, and a STAN names its outstanding slot: stan = base + generation·slots + slot. An answer is matched
/// by its STAN's slot, then by MTI class, DE7 and DE32 (link spec §1) against the request kept there.
/// STAN 0 is never used (some networks reserve it).
/// </summary>
internal readonly struct StanSpace
{
    public const int StanMax = 999_999;
    private readonly int _base;
    private readonly int _slots;
    private readonly int _generations;

    public StanSpace(int connectionIndex, int connectionCount, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        var block = StanMax / connectionCount / slots * slots;
        if (block < slots * 2)
        {
            throw new ArgumentException($"{connectionCount} connections × {slots} in flight do not fit in six STAN digits.");
        }

        _base = (connectionIndex * block) + 1;
        _slots = slots;
        _generations = block / slots;
    }

    public int Slots => _slots;

    /// <summary>The STAN for <paramref name="slot"/> the <paramref name="use"/>th time it is used (wraps).</summary>
    public int Stan(int slot, long use) => _base + ((int)(use % _generations) * _slots) + slot;

    /// <summary>The slot a STAN names, or -1 when the STAN is not this connection's.</summary>
    public int SlotOf(int stan)
    {
        var offset = stan - _base;
        return offset < 0 || offset >= _generations * _slots ? -1 : offset % _slots;
    }
}
