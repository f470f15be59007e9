namespace Pool.Modules.Clearing.Persistence;

/// <summary>A row of <c>clearing.files</c> (Dapper maps the aliased columns).</summary>
internal sealed class FileRow
{
    public long Seq { get; init; }

    public string FileId { get; init; } = "";

    public short State { get; init; }

    public DateTime ProcessingDate { get; init; }

    public long SendingInstitutionId { get; init; }

    public long RecordsRead { get; init; }

    public long DetailCount { get; init; }

    public long TotalDebits { get; init; }

    public long TotalCredits { get; init; }

    public long Duplicates { get; init; }

    public long DuplicatesAmount { get; init; }

    public DateTime StartedAt { get; init; }

    public string? Report { get; init; }
}
