namespace Pool.Modules.Clearing.Format;

/// <summary>A validated trailer (clearing-file.md §4).</summary>
internal sealed record FileTrailer(long DetailCount, long TotalDebitsMinor, long TotalCreditsMinor);
