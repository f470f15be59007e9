using System.Diagnostics.Metrics;
using Pool.Authorization.Engine.Decisions;

namespace Pool.Authorization.Engine.Processing;

/// <summary>
/// The engine's instruments on the "Pool.Authorization" meter. Tag sets are built once at startup (one
/// array per answer MTI and response code), so recording boxes and allocates nothing.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Pool.Authorization";

    /// <summary>Response MTIs by <see cref="RequestKind"/> value; index 0 is the admin command path.</summary>
    private static readonly string[] AnswerMtis = ["admin", "0110", "0130", "0410", "0430"];

    private const int ResponseCodeSlots = 100;

    private readonly Meter _meter;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _refusals;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Counter<long> _commitFailures;
    private readonly KeyValuePair<string, object?>[][] _answerTags;
    private readonly KeyValuePair<string, object?>[] _queueFullTags;
    private readonly KeyValuePair<string, object?>[] _uncommittedFullTags;
    private readonly KeyValuePair<string, object?>[] _notAcceptingTags;

    public EngineMetrics()
    {
        _meter = new Meter(MeterName);
        _latency = _meter.CreateHistogram<double>("pool.authorization.duration", "ms", "From submission to the answer being released (decision and journal commit).");
        _answers = _meter.CreateCounter<long>("pool.authorization.answers", "{answer}", "Answers by response MTI and DE39.");
        _refusals = _meter.CreateCounter<long>("pool.authorization.refusals", "{request}", "Requests answered 91 before deciding, by reason.");
        _batchSize = _meter.CreateHistogram<int>("pool.authorization.journal.batch_size", "{record}", "Records per journal commit.");
        _commitDuration = _meter.CreateHistogram<double>("pool.authorization.journal.commit.duration", "ms", "Time of one journal commit.");
        _commitFailures = _meter.CreateCounter<long>("pool.authorization.journal.commit.failures", "{commit}", "Commits that failed or ran out of budget (their batch was undone and answered 91).");
        _answerTags = new KeyValuePair<string, object?>[AnswerMtis.Length * ResponseCodeSlots][];
        for (var mti = 0; mti < AnswerMtis.Length; mti++)
        {
            for (var code = 0; code < ResponseCodeSlots; code++)
            {
                _answerTags[(mti * ResponseCodeSlots) + code] =
                [
                    new("mti", AnswerMtis[mti]),
                    new("response_code", code.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)),
                ];
            }
        }

        _queueFullTags = [new("reason", "queue_full")];
        _uncommittedFullTags = [new("reason", "uncommitted_full")];
        _notAcceptingTags = [new("reason", "not_accepting")];
    }

    internal void RecordAnswer(RequestKind kind, ResponseCode code, double latencyMs)
    {
        var mti = (int)kind is >= 0 and < 5 ? (int)kind : 0;
        var slot = (int)code < ResponseCodeSlots ? (int)code : ResponseCodeSlots - 1;
        var tags = _answerTags[(mti * ResponseCodeSlots) + slot];
        _answers.Add(1, tags);
        _latency.Record(latencyMs, tags);
    }

    internal void RecordQueueFull() => _refusals.Add(1, _queueFullTags);

    internal void RecordUncommittedFull() => _refusals.Add(1, _uncommittedFullTags);

    internal void RecordNotAccepting() => _refusals.Add(1, _notAcceptingTags);

    internal void RecordCommit(int batchSize, double durationMs, bool succeeded)
    {
        _batchSize.Record(batchSize);
        _commitDuration.Record(durationMs);
        if (!succeeded)
        {
            _commitFailures.Add(1);
        }
    }

    public void Dispose() => _meter.Dispose();
}
