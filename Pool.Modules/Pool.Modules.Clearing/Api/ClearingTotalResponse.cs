namespace Pool.Modules.Clearing.Api;

/// <summary>A count and its yen total.</summary>
internal sealed record ClearingTotalResponse(long Count, long Amount);
