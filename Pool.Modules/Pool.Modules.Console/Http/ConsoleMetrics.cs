using System.Diagnostics.Metrics;

namespace Pool.Modules.Console.Http;

/// <summary>
/// The overview's figures, from the host's own instruments (the same the Prometheus endpoint exports):
/// answers by response code, decision latency, journal commit time, link connections. A
/// <see cref="MeterListener"/> keeps counts and the most recent latencies in fixed rings (allocated once),
/// so the hot path pays an interlocked add and an array write per measurement.
/// </summary>
internal sealed class ConsoleMetrics : IDisposable
{
    /// <summary>Latencies kept per ring for p50/p99: the most recent 4,096 (a few seconds at peak, minutes at back-office load).</summary>
    public const int RingSize = 4096;

    /// <summary>DE39 is two digits; counts are kept per code.</summary>
    private const int CodeSlots = 100;

    private readonly MeterListener _listener = new();
    private readonly long[] _answersByCode = new long[CodeSlots];
    private readonly Ring _decision = new();
    private readonly Ring _commit = new();
    private long _connections;
    private long _refusals;
    private readonly Lock _rateLock = new();
    private long _rateTotal;
    private long _rateAtMs;
    private double _rate;

    public ConsoleMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is "pool.authorization.answers" or "pool.authorization.duration" or "pool.authorization.journal.commit.duration"
                or "pool.link.connections" or "pool.authorization.refusals")
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();
    }

    private static void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var self = (ConsoleMetrics)state!;
        switch (instrument.Name)
        {
            case "pool.authorization.answers":
                foreach (var tag in tags)
                {
                    if (tag.Key == "response_code" && tag.Value is string code && int.TryParse(code, out var slot) && slot is >= 0 and < CodeSlots)
                    {
                        Interlocked.Add(ref self._answersByCode[slot], value);
                    }
                }

                break;
            case "pool.link.connections":
                Interlocked.Add(ref self._connections, value);
                break;
            case "pool.authorization.refusals":
                Interlocked.Add(ref self._refusals, value);
                break;
        }
    }

    private static void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var self = (ConsoleMetrics)state!;
        (instrument.Name == "pool.authorization.duration" ? self._decision : self._commit).Add(value);
    }

    public OverviewFigures Snapshot(long nowMs)
    {
        var mix = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        for (var code = 0; code < CodeSlots; code++)
        {
            var count = Interlocked.Read(ref _answersByCode[code]);
            if (count > 0)
            {
                mix[code.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)] = count;
                total += count;
            }
        }

        double rate;
        lock (_rateLock)
        {
            // A rate over at least a second; callers poll every few seconds.
            if (_rateAtMs == 0 || nowMs - _rateAtMs >= 1000)
            {
                _rate = _rateAtMs == 0 ? 0 : (total - _rateTotal) * 1000.0 / (nowMs - _rateAtMs);
                _rateTotal = total;
                _rateAtMs = nowMs;
            }

            rate = _rate;
        }

        mix.TryGetValue("91", out var answered91);
        return new OverviewFigures(rate, mix, _decision.Percentile(0.50), _decision.Percentile(0.99), _commit.Percentile(0.50), _commit.Percentile(0.99),
            Interlocked.Read(ref _connections), answered91 + Interlocked.Read(ref _refusals));
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The most recent <see cref="RingSize"/> values; a torn read only shifts a percentile by one sample.</summary>
    private sealed class Ring
    {
        private readonly double[] _values = new double[RingSize];
        private long _written;

        public void Add(double value)
        {
            var index = Interlocked.Increment(ref _written) - 1;
            _values[index % RingSize] = value;
        }

        public double? Percentile(double quantile)
        {
            var count = (int)Math.Min(Interlocked.Read(ref _written), RingSize);
            if (count == 0)
            {
                return null;
            }

            var copy = _values.AsSpan(0, count).ToArray();
            Array.Sort(copy);
            return copy[(int)Math.Min(count - 1, Math.Floor(quantile * count))];
        }
    }
}

/// <summary>What the overview shows; rates per second, latencies in milliseconds.</summary>
internal sealed record OverviewFigures(
    double AuthorizationsPerSecond,
    IReadOnlyDictionary<string, long> Mix,
    double? DecisionP50Ms,
    double? DecisionP99Ms,
    double? CommitP50Ms,
    double? CommitP99Ms,
    long LinkConnections,
    long Answered91);
