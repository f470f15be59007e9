namespace Pool.Modules.Clearing.Contracts;

/// <summary>The result of an import: the report when imported, the file id when already imported, the rejection when rejected.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="FileId">The header's file id (null when the header itself was rejected).</param>
/// <param name="Report">The report (<see cref="ClearingImportOutcome.Imported"/>, and the first import's for <see cref="ClearingImportOutcome.AlreadyImported"/> when it finished).</param>
/// <param name="Rejection">Why the file was rejected (<see cref="ClearingImportOutcome.Rejected"/>).</param>
public sealed record ClearingImportResult(
    ClearingImportOutcome Outcome,
    string? FileId,
    ClearingImportReport? Report,
    ClearingRejection? Rejection);
