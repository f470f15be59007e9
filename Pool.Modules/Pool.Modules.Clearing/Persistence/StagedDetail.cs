namespace Pool.Modules.Clearing.Persistence;

/// <summary>A staged detail waiting to be posted (the columns posting needs).</summary>
internal sealed class StagedDetail
{
    public int RecordNumber { get; init; }

    public short TransactionCode { get; init; }

    public string Arn { get; init; } = "";

    public string Bin { get; init; } = "";

    public string Last4 { get; init; } = "";

    public string? CardId { get; init; }

    public string? CardholderId { get; init; }

    public long AcquirerId { get; init; }

    public DateTime PurchaseDate { get; init; }

    public long Amount { get; init; }

    public string? ApprovalCode { get; init; }

    public string? Rrn { get; init; }

    public short SequenceNumber { get; init; }

    public short SequenceCount { get; init; }
}
