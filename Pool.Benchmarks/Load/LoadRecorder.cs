using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Pool.Benchmarks.Load;

/// <summary>
/// Counts and latencies of one run. Each receive thread records into its own histograms (no lock on the
/// answer path); they are added together at the end. Latencies are microseconds from the scheduled send
/// time; only requests scheduled after the warm-up are measured. One histogram per second of the measured
/// part (by scheduled time) feeds the latency-over-time chart.
/// </summary>
internal sealed class LoadRecorder
{
    /// <summary>Highest latency the histograms hold: a minute, far past the network's 2 s timer.</summary>
    public const long LatencyMicrosecondsMax = 60_000_000;

    /// <summary>Link spec §7: the network waits 2,000 ms for an answer; later ones are late.</summary>
    public const long LateMicroseconds = 2_000_000;
    private const int ErrorSamplesMax = 20;

    private readonly PerConnection[] _connections;
    private readonly long _measureStartTicks;
    private readonly int _seconds;
    private readonly long[] _sentByKind = new long[Enum.GetValues<LoadRequestKind>().Length];
    private readonly long[] _errorsByKind = new long[Enum.GetValues<LoadErrorKind>().Length];
    private readonly ConcurrentQueue<string> _errorSamples = new();
    private long _sent;
    private long _sentMeasured;
    private long _warmupErrors;

    public LoadRecorder(int connections, long measureStartTicks, int seconds)
    {
        _measureStartTicks = measureStartTicks;
        _seconds = seconds;
        _connections = new PerConnection[connections];
        for (var i = 0; i < connections; i++)
        {
            _connections[i] = new PerConnection(seconds);
        }
    }

    public long SentCount => Volatile.Read(ref _sent);

    public long SentMeasured => Volatile.Read(ref _sentMeasured);

    public long AnsweredCount => _connections.Sum(c => Volatile.Read(ref c.Answered));

    public long ErrorCount => _errorsByKind.Sum();

    public long WarmupErrors => Volatile.Read(ref _warmupErrors);

    public IReadOnlyList<long> ErrorsByKind => _errorsByKind;

    public IReadOnlyList<long> SentByKind => _sentByKind;

    public IEnumerable<string> ErrorSamples => _errorSamples;

    /// <summary>Called by the single sender thread.</summary>
    public void Sent(LoadRequestKind kind, bool measured)
    {
        Volatile.Write(ref _sent, _sent + 1);
        if (measured)
        {
            _sentByKind[(int)kind]++;
            Volatile.Write(ref _sentMeasured, _sentMeasured + 1);
        }
    }

    /// <summary>Called by connection <paramref name="connection"/>'s receive thread.</summary>
    public void Answered(LoadRequestKind kind, bool measured, long scheduledTicks, long latencyTicks, int connection)
    {
        var stats = _connections[connection];
        Volatile.Write(ref stats.Answered, stats.Answered + 1);
        if (!measured)
        {
            return;
        }

        var microseconds = Math.Clamp(latencyTicks * 1_000_000 / Stopwatch.Frequency, 1, LatencyMicrosecondsMax);
        stats.Latency.RecordValue(microseconds);
        stats.AnsweredMeasured++;
        stats.LastAnswerTicks = scheduledTicks + latencyTicks;
        if (microseconds > LateMicroseconds)
        {
            stats.Late++;
        }

        var second = (int)((scheduledTicks - _measureStartTicks) / Stopwatch.Frequency);
        if ((uint)second < (uint)_seconds)
        {
            (stats.PerSecond[second] ??= NewHistogram()).RecordValue(microseconds);
        }
    }

    public void Error(LoadErrorKind kind, bool measured, string sample)
    {
        if (!measured)
        {
            Interlocked.Increment(ref _warmupErrors);
            return;
        }

        Interlocked.Increment(ref _errorsByKind[(int)kind]);
        if (_errorSamples.Count < ErrorSamplesMax)
        {
            _errorSamples.Enqueue($"{kind}: {sample}");
        }
    }

    /// <summary>
    /// After the run: all connections' latencies, answered count, late count, and the seconds from the start
    /// of the measured part to its last answer (at least the duration): achieved = answered / that, so a
    /// backlog answered during the drain does not count as keeping up.
    /// </summary>
    public (LongHistogram Latency, long Answered, long Late, double AnsweringSeconds) Totals()
    {
        var total = NewHistogram();
        long answered = 0, late = 0, lastTicks = 0;
        foreach (var stats in _connections)
        {
            total.Add(stats.Latency);
            answered += stats.AnsweredMeasured;
            late += stats.Late;
            lastTicks = Math.Max(lastTicks, stats.LastAnswerTicks);
        }

        return (total, answered, late, Math.Max(_seconds, (lastTicks - _measureStartTicks) / (double)Stopwatch.Frequency));
    }

    /// <summary>After the run: one histogram per measured second (empty when nothing was scheduled in it).</summary>
    public IReadOnlyList<LongHistogram> PerSecond()
    {
        var seconds = new List<LongHistogram>(_seconds);
        for (var s = 0; s < _seconds; s++)
        {
            var histogram = NewHistogram();
            foreach (var stats in _connections)
            {
                if (stats.PerSecond[s] is { } part)
                {
                    histogram.Add(part);
                }
            }

            seconds.Add(histogram);
        }

        return seconds;
    }

    private static LongHistogram NewHistogram() => new(LatencyMicrosecondsMax, 3);

    private sealed class PerConnection(int seconds)
    {
        public readonly LongHistogram Latency = NewHistogram();
        public readonly LongHistogram?[] PerSecond = new LongHistogram?[seconds];
        public long Answered;
        public long AnsweredMeasured;
        public long Late;
        public long LastAnswerTicks;
    }
}
