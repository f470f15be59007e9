namespace Pool.Benchmarks.Load;

/// <summary>One request the sender is about to write, and what its answer must be.</summary>
internal readonly record struct LoadRequest(
    LoadRequestKind Kind,
    int CardIndex,
    long AmountMinor,
    ExpectedAnswer Expected,
    int OriginalStan = 0,
    byte[]? OriginalDe7 = null);
