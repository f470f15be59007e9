namespace Pool.Modules.Clearing.Persistence;

/// <summary>An exception kept for the back office: no PAN, its BIN and last four.</summary>
internal sealed class ExceptionRow
{
    public long FileSeq { get; init; }

    public string FileId { get; init; } = "";

    public int RecordNumber { get; init; }

    public short TransactionCode { get; init; }

    public short ExceptionReason { get; init; }

    public string Arn { get; init; } = "";

    public string Bin { get; init; } = "";

    public string Last4 { get; init; } = "";

    public long Amount { get; init; }

    public DateTime PostedAt { get; init; }
}
