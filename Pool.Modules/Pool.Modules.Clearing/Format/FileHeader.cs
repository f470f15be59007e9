namespace Pool.Modules.Clearing.Format;

/// <summary>A validated header (clearing-file.md §2).</summary>
internal sealed record FileHeader(DateOnly ProcessingDate, string FileId, long SendingInstitutionId);
