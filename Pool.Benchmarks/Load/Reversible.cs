namespace Pool.Benchmarks.Load;

/// <summary>An approved purchase a later 0400 may reverse: its card, STAN, DE7 and yen amount.</summary>
internal sealed record Reversible(int CardIndex, int Stan, byte[] De7, long AmountMinor);
