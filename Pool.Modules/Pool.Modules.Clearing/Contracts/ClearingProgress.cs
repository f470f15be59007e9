namespace Pool.Modules.Clearing.Contracts;

/// <summary>Progress of an import, for operators watching a large file.</summary>
/// <param name="Phase">What is happening: <c>reading</c>, <c>staging</c>, <c>posting</c>.</param>
/// <param name="Records">Detail records done so far in this phase.</param>
/// <param name="Total">Detail records in the phase when known, otherwise null.</param>
public sealed record ClearingProgress(string Phase, long Records, long? Total);
