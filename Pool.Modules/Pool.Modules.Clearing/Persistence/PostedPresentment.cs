namespace Pool.Modules.Clearing.Persistence;

/// <summary>A presentment (05, 06, 07) that was posted, as a reversal needs it.</summary>
internal sealed class PostedPresentment
{
    public short TransactionCode { get; init; }

    public string Arn { get; init; } = "";

    public string CardId { get; init; } = "";

    public string CardholderId { get; init; } = "";
}
