namespace Pool.Modules.Clearing.Contracts;

/// <summary>The trailer's figures, as checked against the details (clearing-file.md §4).</summary>
/// <param name="DetailCount">Number of detail records.</param>
/// <param name="DebitsMinor">Destination amounts of TC 05, 07 and 26, in yen.</param>
/// <param name="CreditsMinor">Destination amounts of TC 06, 25 and 27, in yen.</param>
public sealed record ClearingFileTotals(long DetailCount, long DebitsMinor, long CreditsMinor);
