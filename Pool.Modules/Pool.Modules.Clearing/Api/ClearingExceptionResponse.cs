namespace Pool.Modules.Clearing.Api;

/// <summary>A detail kept for the back office (clearing-file.md §5): file id, record number, reason, and what identifies it.</summary>
internal sealed record ClearingExceptionResponse(
    string FileId,
    int RecordNumber,
    string Reason,
    string TransactionCode,
    string Arn,
    ExceptionCardResponse Card,
    long Amount,
    DateTimeOffset RecordedAt);
