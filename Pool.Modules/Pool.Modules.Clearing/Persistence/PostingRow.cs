namespace Pool.Modules.Clearing.Persistence;

/// <summary>A clearing detail posted against an authorization: no PAN.</summary>
internal sealed class PostingRow
{
    public string FileId { get; init; } = "";

    public int RecordNumber { get; init; }

    public short TransactionCode { get; init; }

    public string Arn { get; init; } = "";

    public long Amount { get; init; }

    public short Outcome { get; init; }

    public DateTime PostedAt { get; init; }
}
