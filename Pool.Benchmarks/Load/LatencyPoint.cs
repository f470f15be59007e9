namespace Pool.Benchmarks.Load;

/// <summary>One second of the measured run (by scheduled send time): answers and latency percentiles in microseconds.</summary>
internal sealed record LatencyPoint(int Second, long Answers, long P50, long P90, long P99, long P999, long Max);
