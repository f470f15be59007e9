namespace Pool.Benchmarks.Baseline;

/// <summary>The baseline's decision: DE39, the available balance after it, and whether DE54 carries that balance.</summary>
internal readonly record struct Decision(string ResponseCode, long AvailableMinor, bool CarriesBalance);
