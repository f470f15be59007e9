using System.Diagnostics;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Open-loop send times: request i of the run, at a rate r per second, is due at start + i / r whatever
/// happened to the requests before it, so the offered rate does not depend on how fast answers come back.
/// Latency is measured from this scheduled time, not from when the request actually left, so a stall of
/// the host (or of the generator) shows as latency instead of hiding as lower load (coordinated omission).
/// </summary>
internal readonly struct LoadSchedule
{
    private readonly long _startTicks;
    private readonly double _ticksPerRequest;

    public LoadSchedule(long startTicks, double ratePerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        _startTicks = startTicks;
        _ticksPerRequest = Stopwatch.Frequency / ratePerSecond;
    }

    /// <summary>The Stopwatch timestamp at which request <paramref name="index"/> is due.</summary>
    public long DueTicks(long index) => _startTicks + (long)(index * _ticksPerRequest);

    /// <summary>How many requests are due at <paramref name="nowTicks"/>: every index below it may be sent.</summary>
    public long DueCount(long nowTicks) =>
        nowTicks < _startTicks ? 0 : (long)((nowTicks - _startTicks) / _ticksPerRequest) + 1;
}
