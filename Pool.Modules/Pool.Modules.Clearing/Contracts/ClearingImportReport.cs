namespace Pool.Modules.Clearing.Contracts;

/// <summary>
/// The import report of clearing-file.md §5: records read; matched, force-posted, credits, reversals and
/// exceptions, each with its count and yen total; the file's totals as checked.
/// </summary>
/// <param name="FileId">The header's file id.</param>
/// <param name="ProcessingDate">The header's processing date.</param>
/// <param name="SendingInstitutionId">The header's sending institution id.</param>
/// <param name="RecordsRead">Every record of the file, header and trailer included.</param>
/// <param name="Matched">05/07 posted against the hold of a matching authorization.</param>
/// <param name="ForcePosted">05/07 with no matching authorization, posted anyway (forced).</param>
/// <param name="Credits">06 credited to the cardholder.</param>
/// <param name="Reversals">25/26/27 that undid an earlier presentment.</param>
/// <param name="Exceptions">Details not posted, kept for the back office (unknown card, unknown presentment, refused).</param>
/// <param name="Duplicates">Details whose (transaction code, ARN) had been imported before: posted nothing.</param>
/// <param name="FileTotals">The trailer's count and totals, which matched the details.</param>
/// <param name="StartedAt">When the import started.</param>
/// <param name="CompletedAt">When the last detail was posted.</param>
public sealed record ClearingImportReport(
    string FileId,
    DateOnly ProcessingDate,
    long SendingInstitutionId,
    long RecordsRead,
    ClearingTotal Matched,
    ClearingTotal ForcePosted,
    ClearingTotal Credits,
    ClearingTotal Reversals,
    ClearingTotal Exceptions,
    ClearingTotal Duplicates,
    ClearingFileTotals FileTotals,
    DateTimeOffset StartedAt,
    DateTimeOffset CompletedAt);
