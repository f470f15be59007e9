using HdrHistogram;

namespace Pool.Benchmarks.Load;

/// <summary>What one run measured (the measured part only; warm-up errors are counted apart).</summary>
internal sealed record LoadResult(
    LongHistogram Latency,
    long Answered,
    double AnsweringSeconds,
    long Sent,
    long NotSent,
    long Late,
    long Unanswered,
    long Errors,
    IReadOnlyDictionary<string, long> ErrorsByKind,
    IReadOnlyDictionary<string, long> SentByKind,
    IReadOnlyList<string> ErrorSamples,
    long WarmupErrors,
    IReadOnlyList<LatencyPoint> PerSecond,
    string LoadAverageBefore,
    string LoadAverageAfter,
    IReadOnlyDictionary<string, double> CpuPercentOfACore);
