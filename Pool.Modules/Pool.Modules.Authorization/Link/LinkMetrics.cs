using System.Diagnostics.Metrics;

namespace Pool.Modules.Authorization.Link;

/// <summary>
/// The link's own instruments (meter <c>Pool.Authorization.Link</c>): connections, requests in flight,
/// end-to-end answer latency (frame received → answer written), late answers, and frames refused or
/// dropped. Decision latency and answers by code are the engine's (<c>Pool.Authorization</c>).
/// </summary>
internal sealed class LinkMetrics : IDisposable
{
    public const string MeterName = "Pool.Authorization.Link";

    /// <summary>The network's timer (link spec §7): an answer later than this is discarded by it.</summary>
    public const double NetworkTimeoutMs = 2000;

    private static readonly KeyValuePair<string, object?> ReasonFrameTooLarge = new("reason", "frame_too_large");
    private static readonly KeyValuePair<string, object?> ReasonHeaderInvalid = new("reason", "header_invalid");
    private static readonly KeyValuePair<string, object?> ReasonUnreadable = new("reason", "unreadable");
    private static readonly KeyValuePair<string, object?> ReasonUnsolicited = new("reason", "unsolicited");

    private readonly Meter _meter = new(MeterName);
    private readonly UpDownCounter<long> _connections;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Histogram<double> _answerLatency;
    private readonly Counter<long> _late;
    private readonly Counter<long> _dropped;

    public LinkMetrics()
    {
        _connections = _meter.CreateUpDownCounter<long>("pool.link.connections", "{connection}", "Open authorization link connections.");
        _inFlight = _meter.CreateUpDownCounter<long>("pool.link.requests.in_flight", "{request}", "Requests received and not yet answered.");
        _answerLatency = _meter.CreateHistogram<double>("pool.link.answer.duration", "ms", "From a request frame received to its answer written to the connection.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000] });
        _late = _meter.CreateCounter<long>("pool.link.answers.late", "{answer}", "Answers written after the network's 2 s timer (link spec §7).");
        _dropped = _meter.CreateCounter<long>("pool.link.frames.refused", "{frame}", "Frames dropped or refused, by reason.");
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void RequestReceived() => _inFlight.Add(1);

    public void AnswerWritten(double elapsedMs)
    {
        _inFlight.Add(-1);
        _answerLatency.Record(elapsedMs);
        if (elapsedMs > NetworkTimeoutMs)
        {
            _late.Add(1);
        }
    }

    public void RequestDroppedUnanswered() => _inFlight.Add(-1);

    public void FrameTooLarge() => _dropped.Add(1, ReasonFrameTooLarge);

    public void HeaderInvalid() => _dropped.Add(1, ReasonHeaderInvalid);

    public void Unreadable() => _dropped.Add(1, ReasonUnreadable);

    public void Unsolicited() => _dropped.Add(1, ReasonUnsolicited);

    public void Dispose() => _meter.Dispose();
}
